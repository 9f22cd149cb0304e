package io.dareg.gateway.http;

import io.dareg.gateway.documents.CertificatePdf;
import io.dareg.gateway.documents.CjkFont;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.logging.Logger;

/** The gateway's PDFs: the font with Chinese glyphs they need, and how one is sent. */
final class Pdfs {
  private static final Logger LOG = Logger.getLogger(Pdfs.class.getName());

  private final Optional<CjkFont> cjkFont = CjkFont.find();
  private final Replies replies;

  Pdfs(Replies replies) {
    this.replies = replies;
    if (cjkFont.isEmpty()) {
      LOG.warning("no font with Chinese glyphs: certificate PDFs cannot be made; install the Debian package " + CjkFont.PACKAGE);
    }
  }

  /** The font; a 503 when the machine has none. */
  CjkFont font() {
    return cjkFont.orElseThrow(() -> Problem.unavailable(
        "this gateway cannot make PDFs: it has no font with Chinese glyphs; its operator should install the Debian package " + CjkFont.PACKAGE));
  }

  /** Makes the PDF on a worker and sends it inline as {@code filename}. */
  void send(RoutingContext ctx, String filename, Replies.BytesWork work) {
    replies.bytes(ctx, CertificatePdf.MEDIA_TYPE, "inline; filename=\"" + filename + "\"", work);
  }
}
