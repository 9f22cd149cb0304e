package io.dareg.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Request bodies the gateway tests send over HTTP, built as a client would write them. */
public final class TestRequests {
  private TestRequests() {}

  /** An empty JSON object. */
  public static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }

  /** The SHA-256 of {@code s} in hex: a stand-in for the hash of some data. */
  public static String h(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An entry of the role table: identity {@code id} of {@code msp} in {@code role}. */
  public static ObjectNode roleGrant(String msp, String id, String role) {
    ObjectNode g = obj().put("role", role);
    g.putObject("identity").put("msp", msp).put("id", id);
    return g;
  }

  /** An enterprise account named {@code name} with one member. */
  public static ObjectNode account(String name, String msp, String id) {
    ObjectNode a = obj().put("creditCodeHash", h("code " + name)).put("name", name).put("kind", "ENTERPRISE");
    a.putArray("members").addObject().put("msp", msp).put("id", id);
    return a;
  }

  /**
   * An application for a holding right in a dataset named {@code assetName}, on one evidence deposit, with the
   * compliance undertaking TJ-DIP asks of the applicant (issue 20).
   */
  public static ObjectNode application(String evidenceNo, String assetName) {
    ObjectNode a = obj().put("rightType", "HOLDING");
    a.putArray("evidenceNos").add(evidenceNo);
    a.putArray("attachments").addObject().put("kind", "COMPLIANCE_UNDERTAKING").put("issuer", "甲公司").put("algorithm", "SM3")
        .put("hash", h("undertaking " + evidenceNo)).put("date", "2026-03-01");
    ObjectNode asset = a.putObject("asset").put("name", assetName).put("version", "1.0").put("assetClass", "DATA_PRODUCT")
        .put("form", "DATASET").put("industry", "I64").put("coverageArea", "天津市");
    asset.putObject("timeSpan").put("from", "2020-01-01");
    asset.putArray("sources").add("ENTERPRISE");
    asset.put("acquisition", "ORIGINAL").putArray("structure");
    asset.putObject("scale").put("records", 1).put("bytes", 1);
    asset.put("updateFrequency", "MONTHLY").putArray("scenarios").add("信用评估");
    asset.put("scope", "授信").put("algorithmSummary", "汇总").put("classification", "GENERAL");
    return a;
  }
}
