/**
 * The service provider interface that backends implement to be found by
 * {@link io.papyra.persistence.PersistenceBackends}.
 */
package io.papyra.persistence.spi;
