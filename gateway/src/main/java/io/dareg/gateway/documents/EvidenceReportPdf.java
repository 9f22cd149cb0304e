package io.dareg.gateway.documents;

import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The evidence report (存证报告书, REQUIREMENTS.md §1 and §7): what the ledger fixed for one
 * evidence deposit, the hash stated with its public algorithm, how a third party checks original
 * data against it, and the ledger's evidence record attached as JSON.
 */
public final class EvidenceReportPdf {
  private static final DateTimeFormatter CHINA_TIME =
      DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm:ss（北京时间）").withZone(ChinaTime.ZONE);

  private final CjkFont cjk;

  /** A renderer writing Chinese with {@code cjk}. */
  public EvidenceReportPdf(CjkFont cjk) {
    this.cjk = cjk;
  }

  /**
   * Renders the report of {@code e}.
   *
   * @param registryName the registry whose ledger holds the deposit
   * @param depositorName the depositing account's name
   * @param record the ledger's evidence record as JSON, to attach
   */
  public byte[] render(Evidence e, String registryName, String depositorName, byte[] record) throws IOException {
    String algorithm = e.algorithm() == HashAlgorithm.SM3 ? "SM3（GB/T 32905-2016）" : "SHA-256（FIPS 180-4）";
    try (PDDocument doc = new PDDocument(); CjkFont.Loaded loaded = cjk.load(doc)) {
      PageWriter w = new PageWriter(doc, loaded.font());
      w.newPage();
      w.centred("存证报告书", 24);
      w.centred("Evidence Report", 11);
      w.gap(14);
      w.field("存证编号", e.evidenceNo());
      w.field("登记机构", registryName);
      w.field("存证渠道", e.channel());
      w.field("存证人", depositorName + "（账户 " + e.declaredBy() + "）");
      w.field("存证时间", CHINA_TIME.format(e.depositedAt()));
      w.field("交易编号", e.txId());
      w.field("数据大小", e.size() + " 字节");
      w.field("哈希算法", algorithm);
      w.field("数据哈希", e.hash());
      w.field("默克尔根", e.merkleRoot() == null ? "无（整体哈希）" : e.merkleRoot());
      w.field("公证信息", e.notaryRef() == null ? "无" : e.notaryRef());
      w.gap(10);
      w.centred("核验方法", 16);
      w.centred("How to verify", 10);
      w.gap(6);
      w.field("一", "用公开算法 " + algorithm + " 计算原始数据全部内容的哈希值，与上列“数据哈希”逐字比对；一致即证明数据自存证时起未被改动。");
      w.field("二", "目录或分块存证的数据，按 dareg 公开的默克尔树规则计算默克尔根，与上列“默克尔根”比对；单个文件可用成员证明核验。");
      w.field("三", "命令行：dareg hash <数据路径> 计算同样的值；dareg prove 生成单个文件的成员证明。");
      w.field("四", "登记链交易 " + e.txId() + " 记载了本存证；本文件所附 " + e.evidenceNo() + ".json 为登记链返回的存证记录。");
      w.footer("本报告由登记机构根据登记链上的存证记录生成。报告所述哈希值可由任何第三方以公开算法独立核验，无需信任报告出具方。");
      w.close();

      PdfParts.attachJson(doc, e.evidenceNo() + ".json", record, "The ledger's evidence record", null);
      doc.getDocumentInformation().setTitle("存证报告书 " + e.evidenceNo());
      doc.getDocumentInformation().setAuthor(registryName);
      doc.getDocumentInformation().setCreationDate(PdfParts.calendar(e.depositedAt()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
