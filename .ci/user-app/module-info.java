/**
 * An application as the README shows it: it requires the API only and finds the backend by name,
 * so the memory module comes in by service binding (the API {@code uses} the provider SPI).
 */
module app {
    requires io.papyra.persistence;
}
