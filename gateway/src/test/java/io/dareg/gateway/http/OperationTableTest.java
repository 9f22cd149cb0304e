package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The gateway serves the operation table of core, all of it and nothing beside it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationTableTest {
  /** The routes that are no operation: monitoring, the document, and the hooks every request passes. */
  /** Routes that are not operations: health, metrics, the document itself, the API's fallback, the pages' CSS base (Pico). */
  private static final Set<String> NOT_OPERATIONS = Set.of("GET /health", "GET /metrics", "GET /api/v1/openapi.json", "* /api/",
      "GET /vendor/pico/");

  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-table");
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20,
        List.of(), Map.of());
  }

  @AfterAll
  void stop() {
    api.close().toCompletionStage().toCompletableFuture().join();
    vertx.close();
    ledger.close();
  }

  @Test
  void every_route_served_is_an_operation_of_the_table_and_every_operation_is_routed() {
    Set<String> routed = new HashSet<>();
    for (Route route : api.router().getRoutes()) {
      if (route.getPath() == null) {
        continue; // hooks on every request (audit, body, the public pages' files, failures)
      }
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) {
        routed.add("* " + route.getPath());
      } else {
        methods.forEach(m -> routed.add(m.name() + " " + route.getPath()));
      }
    }
    Set<String> table = new HashSet<>(NOT_OPERATIONS);
    for (Operation op : Operations.all()) {
      // Vert.x reports a wildcard route (a rest-of-path parameter, {tile*}) by its path before the '*'
      table.add(op.method() + " " + ApiServer.routePath(op).replaceAll("\\*$", ""));
    }
    assertThat(routed).as("routes served beside the table, or operations of the table not routed").containsExactlyInAnyOrderElementsOf(table);
    assertThat(api.operations()).isEqualTo(Operations.all());
  }

  @Test
  void an_operation_of_the_table_without_a_handler_stops_the_gateway_being_built() {
    Operation served = Operation.gateway("served", "GET", "/served", Operation.Kind.GATEWAY, "bound");
    Operation forgotten = Operation.gateway("forgotten", "GET", "/forgotten/{id}", Operation.Kind.GATEWAY, "no handler");
    Bindings bindings = new Bindings(List.of(served, forgotten), call -> { }).bind("served", call -> { });
    assertThat(bindings.unbound()).containsExactly("forgotten");
    assertThatThrownBy(bindings::all).isInstanceOf(IllegalStateException.class).hasMessageContaining("no handler for forgotten");
  }

  @Test
  void a_handler_for_an_operation_outside_the_table_or_for_a_ledger_transaction_is_refused() {
    Bindings bindings = new Bindings(Operations.all(), call -> { });
    assertThatThrownBy(() -> bindings.bind("nowhere", call -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the operation table does not name");
    assertThatThrownBy(() -> bindings.bind("submit", call -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ledger transaction");
    bindings.bind("publicFees", call -> { });
    assertThatThrownBy(() -> bindings.bind("publicFees", call -> { })).hasMessageContaining("bound twice");
  }

  @Test
  void every_ledger_transaction_entry_names_its_transaction_and_its_path_parameters_are_request_fields() {
    for (Operation op : Operations.all()) {
      if (!op.ledgerTransaction()) {
        assertThat(op.transaction()).as(op.id()).isNull();
        continue;
      }
      assertThat(op.transaction()).as(op.id()).isNotBlank();
      assertThat(op.request()).as(op.id()).isNotNull();
      Set<String> fields = new HashSet<>();
      for (var c : op.request().getRecordComponents()) {
        fields.add(c.getName());
      }
      assertThat(fields).as(op.id()).containsAll(op.pathParams());
    }
  }
}
