-- Nothing reads inbound_message by received_at (the log is read in id order: InboundLog.readAfter), so
-- its index only cost a write per accepted message.
DROP INDEX IF EXISTS inbound_message_received;
