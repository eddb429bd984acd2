import org.jspecify.annotations.NullMarked;

/**
 * The records of Papyra's observability log as one-line JSON, in the wire shape of the original
 * Python system (its member names and {@code kind} values, plus exact members that it ignores), on
 * Jackson's streaming core. Shared by the backends that store JSON and by the command-line tools.
 *
 * <p>Entry point: {@link io.papyra.persistence.json.RecordCodec}.
 *
 * @since 0.2
 */
@NullMarked
module io.papyra.persistence.json {
    requires transitive io.papyra.persistence;
    // Jackson 3's streaming core: internal to the codec, no Jackson type appears in its API.
    requires tools.jackson.core;
    // Nullness annotations: read by compilers and checkers, not needed at run time.
    requires static org.jspecify;

    exports io.papyra.persistence.json;
}
