-- Clinical safety (issue 11): what a source says a medicine is for (MedicationStatement.reasonCode /
-- MedicationRequest.reasonCode as text, else displays or codes; reasonReference displays), so a
-- gabapentinoid prescribed for epilepsy is told from one prescribed for pain.
ALTER TABLE source_record ADD COLUMN indication TEXT;
