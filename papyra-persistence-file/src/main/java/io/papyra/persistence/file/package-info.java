/**
 * The file backend, {@link io.papyra.persistence.file.FilePersistence}.
 */
package io.papyra.persistence.file;
