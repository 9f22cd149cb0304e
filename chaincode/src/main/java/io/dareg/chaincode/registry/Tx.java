package io.dareg.chaincode.registry;

import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Registration;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.time.LocalDate;

/** One transaction as the rules see it: its state, its caller's access and its time. */
final class Tx {
  final WorldState ws;
  final Store store;
  final Access access;

  Tx(WorldState ws, RecordCodec codec) {
    this.ws = ws;
    this.store = new Store(ws, codec);
    this.access = new Access(store);
  }

  String id() {
    return ws.txId();
  }

  Instant time() {
    return ws.txTime();
  }

  /** The transaction's date in China. */
  LocalDate date() {
    return ws.txTime().atZone(ChinaTime.ZONE).toLocalDate();
  }

  Registration registration(String regNo) {
    return store.require(Keys.registration(regNo), Registration.class, "registration " + regNo);
  }

  /** The encumbrances recorded against a registration, active or released, in number order. */
  List<Encumbrance> encumbrances(String regNo) {
    List<Encumbrance> out = new ArrayList<>();
    for (String no : store.indexed(Keys.encumbrancesOf(regNo))) {
      out.add(store.require(Keys.encumbrance(no), Encumbrance.class, "encumbrance " + no));
    }
    return out;
  }

  /** Stores a new registration with its status and holder index entries. */
  void create(Registration r) {
    store.put(Keys.registration(r.regNo()), r);
    store.mark(Keys.byStatus(r.status(), r.regNo()));
    for (String holder : r.holders()) {
      store.mark(Keys.byHolder(holder, r.regNo()));
    }
  }

  /** Stores the next version of a registration and moves its index entries along. */
  void save(Registration before, Registration after) {
    store.put(Keys.registration(after.regNo()), after);
    if (before.status() != after.status()) {
      store.delete(Keys.byStatus(before.status(), before.regNo()));
      store.mark(Keys.byStatus(after.status(), after.regNo()));
    }
    if (!before.holders().equals(after.holders())) {
      for (String holder : before.holders()) {
        store.delete(Keys.byHolder(holder, before.regNo()));
      }
      for (String holder : after.holders()) {
        store.mark(Keys.byHolder(holder, after.regNo()));
      }
    }
  }
}
