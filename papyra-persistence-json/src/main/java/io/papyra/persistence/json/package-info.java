/**
 * The JSON record codec: {@link io.papyra.persistence.json.RecordCodec} writes and reads
 * {@link io.papyra.persistence.PersistenceRecord}s as one-line UTF-8 JSON in the original's wire
 * shape; {@link io.papyra.persistence.json.MalformedRecordException} says why an input is not a
 * record.
 *
 * @since 0.2
 */
@NullMarked
package io.papyra.persistence.json;

import org.jspecify.annotations.NullMarked;
