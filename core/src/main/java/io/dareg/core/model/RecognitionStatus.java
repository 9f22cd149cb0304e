package io.dareg.core.model;

/** Where a recognition agreement between two registries stands. */
public enum RecognitionStatus {
  /** Proposed by one registry, not yet accepted by the other: recognises nothing. */
  PROPOSED,
  /** Signed by both registries: in force between its start and end. */
  ACTIVE,
  /** Withdrawn by either registry (or the proposal withdrawn before acceptance): recognises nothing from then on. */
  WITHDRAWN
}
