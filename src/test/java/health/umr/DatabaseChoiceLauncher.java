package health.umr;

/** Prints which database UMR's Main would use in this environment: "external" or "embedded". */
public final class DatabaseChoiceLauncher {

    private DatabaseChoiceLauncher() {}

    public static void main(String[] args) {
        System.out.println("CHOICE " + (Main.externalDatabaseNamed() ? "external" : "embedded"));
    }
}
