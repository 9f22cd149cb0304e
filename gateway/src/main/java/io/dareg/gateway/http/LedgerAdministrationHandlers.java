package io.dareg.gateway.http;

import io.dareg.core.crypto.Signatures;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerAdministration;
import io.dareg.gateway.ledger.LedgerAdministration.CommittedPrefix;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Base64;

/**
 * Operating the ledger over HTTP: a signed audit of the chain, and a backup of its committed
 * blocks, audited before they are sent. Served where the ledger offers {@link LedgerAdministration}
 * (the embedded ledger); who may ask is the table's (the registry admin, and regulators but for
 * backups).
 */
final class LedgerAdministrationHandlers {
  private final Vertx vertx;
  private final Ledger ledger;
  private final Replies replies;
  private final Clock clock;

  LedgerAdministrationHandlers(Vertx vertx, Ledger ledger, Replies replies, Clock clock) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.replies = replies;
    this.clock = clock;
  }

  /** Binds this resource's operations. */
  void bind(Bindings b) {
    b.bind("auditLedger", this::audit).bind("backupLedger", this::backup);
  }

  /** auditLedger: every block of the ledger's file audited, the report signed by the node key. */
  void audit(Call call) {
    replies.blocking(call.ctx(), 200, () -> administration().signedAudit(clock.instant()));
  }

  /**
   * backupLedger: streams the committed prefix of the block file after auditing exactly those
   * bytes; the prefix never changes, so writes may go on meanwhile.
   */
  void backup(Call call) {
    RoutingContext ctx = call.ctx();
    vertx.<CommittedPrefix>executeBlocking(() -> {
      LedgerAdministration admin = administration();
      CommittedPrefix end = admin.committedPrefix();
      ChainAudit.Report report;
      try (FileChannel channel = FileChannel.open(end.blockFile(), StandardOpenOption.READ)) {
        report = new ChainAudit(Signatures.fastest(), admin.nodePublicKey()).audit(channel, end.bytes());
      }
      if (!report.valid()) {
        throw Problem.unavailable("the chain fails its audit at block " + report.finding().block() + " (offset "
            + report.finding().offset() + "): " + report.finding().what() + "; no backup is made of a damaged chain");
      }
      ctx.response().putHeader("Dareg-Blocks", String.valueOf(end.blocks()))
          .putHeader("Dareg-Head-Hash", end.headHash())
          .putHeader("Dareg-Node-Key", Base64.getEncoder().encodeToString(admin.nodePublicKey().getEncoded()));
      return end;
    }, false).onSuccess(end -> ctx.response().putHeader("content-type", "application/octet-stream")
            .sendFile(end.blockFile().toString(), 0, end.bytes()))
        .onFailure(e -> Failures.fail(ctx, e));
  }

  private LedgerAdministration administration() {
    if (ledger instanceof LedgerAdministration admin) {
      return admin;
    }
    throw Problem.notFound("this gateway runs on Fabric: audit and back up the peers' ledgers with Fabric's own tools");
  }
}
