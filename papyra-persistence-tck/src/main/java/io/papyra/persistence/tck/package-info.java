/**
 * The compatibility kit of the persistence contract. A backend author extends
 * {@link io.papyra.persistence.tck.PersistenceBackendTck} and implements its one factory method;
 * the kit hands the factory a {@link io.papyra.persistence.tck.TckContext} whose
 * {@link io.papyra.persistence.tck.ManualClock} it moves by hand, so that every time-dependent
 * clause is tested exactly and without sleeping.
 */
package io.papyra.persistence.tck;
