package io.dareg.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Drives one data asset through the whole story over the HTTP API of a gateway started with
 * {@code serve --dev}: evidence, application, reviews, notice, issue, certificate, verification.
 */
public final class Demo {
  private final HttpClient http = HttpClient.newHttpClient();
  /** The gateway's ledger, which every signed request names; asked once. */
  private String ledgerId;
  private final String base;
  private final Path data;

  private Demo(String base, Path data) {
    this.base = base;
    this.data = data;
  }

  /** {@code demo [--url http://127.0.0.1:8080] [--data .dareg]}; the URL's default is DAREG_URL when set, as for the CLI. */
  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault("DAREG_URL", "http://127.0.0.1:8080");
    Path data = Path.of(".dareg");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--url") && i + 1 < args.length) {
        url = args[++i];
      } else if (args[i].equals("--data") && i + 1 < args.length) {
        data = Path.of(args[++i]);
      } else {
        System.err.println("usage: demo [--url http://127.0.0.1:8080] [--data DIR]");
        System.exit(2);
      }
    }
    new Demo(url, data).run();
  }

  private void run() throws Exception {
    String account = call("holder", "GET", "/api/v1/whoami", null, "who the holder is").path("accountId").asText();
    byte[] dataset = ("企业信用评估数据 sample " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    String sm3 = Hashes.hex(HashAlgorithm.SM3, dataset);
    JsonNode evidence = call("holder", "POST", "/api/v1/evidence",
        obj().put("algorithm", "SM3").put("hash", sm3).put("size", dataset.length).put("channel", "dareg"),
        "1. the holder deposits the SM3 hash of its data (the data stays on its premises)");
    ObjectNode application = obj();
    // Profile DL counts its 7-day notice in natural days, so the demo does not depend on the
    // working-day calendar reaching past the current year.
    application.put("profile", "DL");
    application.put("rightType", "HOLDING");
    application.set("evidenceNos", Json.mapper().createArrayNode().add(evidence.path("evidenceNo").asText()));
    application.set("asset", Json.mapper().readTree("{\"name\":\"企业信用评估+工商登记数据\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
        + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
        + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[{\"name\":\"credit_code\",\"format\":\"string(18)\"}],"
        + "\"scale\":{\"records\":1000000,\"bytes\":536870912},\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],"
        + "\"scope\":\"金融机构授信参考\",\"algorithmSummary\":\"去标识化后按月汇总\",\"classification\":\"GENERAL\"}"));
    application.set("confidential", obj().put("legalRepresentative", "张三").put("contact", "+86 22 0000 0000"));
    // DL asks for the applicant's signed responsibility undertaking (责任承诺书): its hash goes on the ledger, the document does not.
    byte[] undertaking = ("责任承诺书 甲数据科技有限公司 " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    application.set("attachments", Json.mapper().createArrayNode().add(obj().put("kind", "RESPONSIBILITY_UNDERTAKING")
        .put("issuer", "甲数据科技有限公司").put("algorithm", "SM3").put("hash", Hashes.hex(HashAlgorithm.SM3, undertaking))
        .put("date", Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString())));
    String regNo = call("holder", "POST", "/api/v1/registrations", application,
        "2. the holder applies (confidential material stays with the gateway; its hash goes on the ledger)").path("regNo").asText();
    call("registrar", "POST", "/api/v1/registrations/" + regNo + "/formal-review/start", obj(), "3. the registrar accepts it for formal review");
    call("registrar", "POST", "/api/v1/registrations/" + regNo + "/formal-review",
        obj().put("outcome", "PASS").put("opinionHash", Hashes.hex(HashAlgorithm.SM3, "formal ok".getBytes(StandardCharsets.UTF_8))),
        "4. formal review passes");
    call("reviewer", "POST", "/api/v1/registrations/" + regNo + "/substantive-review",
        obj().put("outcome", "PASS").put("opinionHash", Hashes.hex(HashAlgorithm.SM3, "authentic".getBytes(StandardCharsets.UTF_8))),
        "5. the third-party reviewer's substantive opinion passes");
    JsonNode notice = call("registrar", "POST", "/api/v1/registrations/" + regNo + "/notice", obj(), "6. the registrar publishes the public notice");
    Instant end = Instant.parse(notice.path("noticeEnd").asText());
    call(null, "GET", "/api/v1/public/notices", null, "7. anyone reads the notice board");
    long days = Math.max(1, Duration.between(Instant.now(), end).toDays() + 1);
    call("admin", "POST", "/api/v1/dev/clock", obj().put("days", days), "8. (dev clock, as the registry admin) " + days + " days pass: the notice ends without objection");
    call("registrar", "POST", "/api/v1/registrations/" + regNo + "/issue", obj(), "9. the registrar issues the registration");
    JsonNode cert = call("registrar", "POST", "/api/v1/registrations/" + regNo + "/certificates", obj(),
        "10. the registrar signs the certificate; its hash goes on the ledger");
    Path saved = data.resolve("demo").resolve("certificate.json");
    OwnerOnlyFiles.directory(saved.getParent());
    OwnerOnlyFiles.write(saved, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(cert) + "\n");
    // The dev clock runs ahead of this machine's: judged at real time, the certificate is not valid yet.
    System.out.println("   (saved as " + saved + "; check it with: ./dareg verify " + saved + " --at ledger)");
    ObjectNode verify = obj();
    verify.set("certificate", cert);
    verify.set("data", obj().put("algorithm", "SM3").put("hash", sm3));
    JsonNode report = call(null, "POST", "/api/v1/certificates/verify", verify,
        "11. anyone verifies the certificate, with the holder's data");
    System.out.println(report.path("valid").asBoolean() ? "\nThe certificate is valid." : "\nThe certificate did NOT verify.");
    if (!report.path("valid").asBoolean() || account.isEmpty()) {
      System.exit(1);
    }
  }

  /**
   * {@code body} of a write as the demo identity {@code role} signs it (issue 23): its arguments are the body and the
   * path's parameters, signed for the gateway's ledger at the ledger's time (the dev clock may run ahead); confidential
   * material stays beside the signed request, its hash among the signed arguments.
   */
  private ObjectNode signed(String role, Operation op, Map<String, String> params, JsonNode body)
      throws IOException, InterruptedException {
    ObjectNode args = body == null ? obj() : ((ObjectNode) body).deepCopy();
    params.forEach(args::put);
    JsonNode material = args.remove("confidential");
    if (material != null) {
      args.put("confidentialHash", Hashes.hex(HashAlgorithm.SHA256, io.dareg.core.json.CanonicalJson.serialize(material)));
    }
    if (ledgerId == null) {
      ledgerId = get("/api/v1/ledger/identity").path("ledgerId").asText();
    }
    Instant ledgerNow = Instant.parse(get("/api/v1/dev/clock").path("now").asText());
    ObjectNode signed = DevIdentities.author(data, role, ledgerId, java.time.Clock.fixed(ledgerNow, java.time.ZoneOffset.UTC))
        .sign(op.signedOperation(), args).toJson();
    if (material != null) {
      signed.set("confidential", material);
    }
    return signed;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.mapper().readTree(r.body());
  }

  private JsonNode call(String role, String method, String path, JsonNode body, String step) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    Operations.Match op = Operations.at(method, path.replaceFirst("^/api/v1", ""));
    boolean signedWrite = role != null && op != null && op.operation().signed();
    if (signedWrite) {
      body = signed(role, op.operation(), op.params(), body);
    } else if (role != null) {
      b.header("Authorization", "Bearer " + Files.readString(data.resolve("dev").resolve(role).resolve("token")).strip());
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    System.out.println("\n" + step);
    System.out.println("  " + method + " " + path + (role == null ? "" : signedWrite ? "  (signed by " + role + ")" : "  (as " + role + ")")
        + " -> " + r.statusCode());
    JsonNode out = Json.mapper().readTree(r.body().isEmpty() ? "{}" : r.body());
    String shown = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out);
    System.out.println("  " + (shown.length() > 1200 ? shown.substring(0, 1200) + "\n  ..." : shown).replace("\n", "\n  "));
    if (r.statusCode() >= 400) {
      throw new IllegalStateException(step + " failed with " + r.statusCode());
    }
    return out;
  }

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }
}
