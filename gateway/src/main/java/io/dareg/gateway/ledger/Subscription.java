package io.dareg.gateway.ledger;

/** An event subscription; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
