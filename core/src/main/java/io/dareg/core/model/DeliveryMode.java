package io.dareg.core.model;

/** How traded data reaches the buyer. */
public enum DeliveryMode {
  /** A data package or file. */
  FILE,
  /** An API. */
  API,
  /** A data service. */
  SERVICE,
  /** Privacy computing: the raw data does not leave its domain (原始数据不出域). */
  PRIVACY_COMPUTING,
  /** A model or compute deployment. */
  MODEL
}
