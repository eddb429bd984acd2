/** A test-fixture style user: constructs the memory backend directly. */
module direct {
    requires io.papyra.persistence.memory;
}
