package io.dareg.core.api;

/** The argument of transactions that take none: the JSON object {@code {}}. */
public record Empty() {}
