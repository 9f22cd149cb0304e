package io.dareg.gateway.documents;

import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.gateway.report.PeriodReport;
import io.dareg.gateway.report.PeriodReport.Figure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The regulator's period report as PDF: what was counted and how, a bar chart of the headline
 * figures, then every figure with its breakdown, in Chinese with the English measure names the
 * CSV uses.
 */
public final class PeriodReportPdf {
  private static final DateTimeFormatter CHINA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss（北京时间）").withZone(ChinaTime.ZONE);
  private static final Map<String, String> SECTION = Map.of(
      "registrations", "登记", "evidence", "存证", "certificates", "证书", "objections", "异议", "trades", "交易",
      "deliveries", "交付", "formal reviews", "形式审查");
  private static final Map<String, String> MEASURE = Map.ofEntries(
      Map.entry("submitted", "申请"), Map.entry("registrations/issued", "准予登记"), Map.entry("issued", "颁发"),
      Map.entry("reached status", "进入状态"),
      Map.entry("deposited", "存证"), Map.entry("renewed", "续展"), Map.entry("revoked", "撤销"),
      Map.entry("cancelled", "注销"), Map.entry("raised", "提出"), Map.entry("answered", "答复"),
      Map.entry("resolved", "处理完结"), Map.entry("recorded", "成交"), Map.entry("settled", "结算"),
      Map.entry("disputed", "争议"), Map.entry("delivered", "交付"), Map.entry("accepted", "验收通过"),
      Map.entry("rejected", "验收拒绝"), Map.entry("completed by the seller", "卖方完成"),
      Map.entry("data deleted after delivery", "交付后删除"), Map.entry("due", "到期"), Map.entry("overdue", "超期"));

  private final CjkFont cjk;

  private static String measure(Figure f) {
    String qualified = MEASURE.get(f.section() + "/" + f.measure());
    return qualified != null ? qualified : MEASURE.getOrDefault(f.measure(), f.measure());
  }

  /** A status reached is shown by its Chinese name (the CSV has the code). */
  private static String breakdown(Figure f) {
    if (f.measure().equals("reached status")) {
      try {
        return RegistrationStatus.valueOf(f.breakdown()).label();
      } catch (IllegalArgumentException e) {
        return f.breakdown();
      }
    }
    return f.breakdown();
  }

  /** A renderer writing Chinese with {@code cjk}. */
  public PeriodReportPdf(CjkFont cjk) {
    this.cjk = cjk;
  }

  /**
   * Renders {@code report}.
   *
   * @param registryName the registry whose ledger was read
   * @param generatedAt when the report is made
   */
  public byte[] render(PeriodReport report, String registryName, Instant generatedAt) throws IOException {
    return render(List.of(new Section(report.scope(), report)), registryName, generatedAt);
  }

  /**
   * One part of a report across registries (issue 25).
   *
   * @param registry the registry's code, {@code all} for the totals, or null for a report of everything as one
   * @param report its figures
   */
  public record Section(String registry, PeriodReport report) {}

  /**
   * Renders {@code sections}, each from a new page: the report of each registry and then the totals, or one alone. A
   * year's report is titled the annual data-asset report (数据资产年度报告, GD).
   *
   * @param registryName the registry whose ledger was read
   * @param generatedAt when the report is made
   */
  public byte[] render(List<Section> sections, String registryName, Instant generatedAt) throws IOException {
    PeriodReport first = sections.get(0).report();
    boolean annual = first.period().name().matches("\\d{4}");
    String title = annual ? "数据资产年度报告" : "数据资产登记监管统计报告";
    try (PDDocument doc = new PDDocument(); CjkFont.Loaded loaded = cjk.load(doc)) {
      PageWriter w = new PageWriter(doc, loaded.font());
      for (Section section : sections) {
        w.newPage();
        w.centred(title, 22);
        w.centred((annual ? "Annual data-asset report " : "Regulator's period report ") + first.period().name()
            + (section.registry() == null ? "" : section.registry().equals("all") ? " — all registries" : " — registry " + section.registry()), 11);
        w.gap(10);
        body(w, section, registryName, generatedAt);
      }
      w.footer("本报告由登记机构根据登记链上已提交的交易事件统计生成；同一数据亦以 CSV 提供（format=csv）。"
          + "交付的验收与交易的争议按其所属交付、交易的时间归期，取统计时链上的最新结果。"
          + (sections.size() > 1 ? "各登记机构的记录按登记编号前缀归属；存证归属首个引用它的登记。" : ""));
      w.close();
      doc.getDocumentInformation().setTitle(title + " " + first.period().name());
      doc.getDocumentInformation().setAuthor(registryName);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** One section: what was counted, the headline chart, every figure. */
  private static void body(PageWriter w, Section part, String registryName, Instant generatedAt) throws IOException {
    PeriodReport report = part.report();
    w.field("登记机构", registryName);
    if (part.registry() != null) {
      w.field("统计范围", part.registry().equals("all") ? "全部登记机构合计（all registries）"
          : part.registry().equals("unassigned") ? "未被任何登记引用的存证（evidence no registration cites）"
          : "登记编号前缀 " + part.registry() + " 的登记机构（registry " + part.registry() + "）");
    }
    w.field("统计期间", report.period().name() + "：" + report.period().first() + " 至 " + report.period().last());
    w.field("时区", "北京时间（Asia/Shanghai）；期间以北京时间零点为界，每一事项按其记录自身的时间归入期间");
    w.field("数据来源", "登记链已提交事件，区块 0 至 " + (report.height() - 1) + "（高度 " + report.height() + "），共 "
        + report.events() + " 个事件");
    w.field("生成时间", CHINA_TIME.format(generatedAt));
    w.gap(8);
    w.centred("主要指标 Headline figures", 13);
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (Figure f : PeriodReport.headline()) {
      labels.add(SECTION.get(f.section()) + "·" + measure(f));
      values.add(report.count(f.section(), f.measure(), ""));
    }
    w.bars(labels, values);
    w.gap(6);
    w.centred("明细 Figures", 13);
    String section = "";
    String measure = "";
    for (Figure f : report.figures()) {
      if (!f.section().equals(section)) {
        section = f.section();
        measure = "";
        w.gap(4);
        w.field(SECTION.get(section), section);
      }
      if (!f.measure().equals(measure)) {
        measure = f.measure();
        if (!f.breakdown().isEmpty()) {
          w.field("  " + measure(f), "（" + f.measure() + "）");
        }
      }
      w.field(f.breakdown().isEmpty() ? "  " + measure(f) : "    · " + breakdown(f),
          f.count() + (f.breakdown().isEmpty() ? "（" + f.measure() + "）" : ""));
    }
  }
}
