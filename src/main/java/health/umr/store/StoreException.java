package health.umr.store;

/** The database failed us (not the caller): surfaces as a server error and rolls the transaction back. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
