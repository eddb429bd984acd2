/**
 * The {@code papyra} command line: inspects, checks and repairs any backend of Papyra's observability
 * log that {@link io.papyra.persistence.PersistenceBackends} finds by name. Usually run as the
 * self-contained {@code papyra.jar}; as a module, put the backends beside it on the module path.
 *
 * <p>Entry point: {@link io.papyra.cli.Main}.
 *
 * @since 0.2
 */
module io.papyra.cli {
    requires io.papyra.persistence;
    requires io.papyra.persistence.json;
    requires info.picocli;

    exports io.papyra.cli;
    // The commands stay unexported; picocli reads and sets their annotated fields reflectively.
    opens io.papyra.cli.internal to info.picocli;
}
