package io.dareg.client;

import java.util.function.Predicate;

/**
 * The regulator's part of {@link DaregClient} (issue 25): the supervision feed, every committed act with its signed
 * request and the alerts derived from them, as server-sent events from a position in the transparency log
 * (docs/supervision.md), and the period report per registry and across registries. Use it through a {@link DaregClient} whose identity is a regulator's.
 */
public interface SupervisionClient {

  /**
   * Reads the supervision feed over one connection, handing each event to {@code listener} in order.
   *
   * @param after the id of the last event already read ({@code N} or {@code N/K}), sent as {@code Last-Event-ID}; null to
   *     start at {@code from}
   * @param from the first log position wanted when {@code after} is null (0: from the first act)
   * @param follow true to read live acts as they commit, until {@code listener} answers false or the connection drops;
   *     false to stop after the acts the log held when the call began (and their alerts)
   * @param listener takes each event; answering false ends the reading
   * @return the id of the last event read, or {@code after} when none came
   * @throws ProblemException.Forbidden for a caller who is not a regulator
   * @throws GatewayUnreachableException when the gateway cannot be reached or the connection drops; read again after
   *     the last event the listener took, and nothing is missed or repeated
   */
  String readSupervisionFeed(String after, long from, boolean follow, Predicate<SupervisionEvent> listener);

  /**
   * The regulator's report of a period for one registry or across registries (the GD annual data-asset report,
   * 数据资产年度报告, for a year): as {@link DaregClient#periodReport(String, String)}, counting only the registrations of
   * {@code registry} (the code their numbers begin with, e.g. {@code DR}), or, with {@code all}, a section per registry
   * and the totals (CSV columns registry, section, measure, breakdown, value).
   *
   * @param period a month {@code 2026-09}, a quarter {@code 2026-Q3} or a year {@code 2026}
   * @param format {@code csv} or {@code pdf}
   * @param registry a registry's code, {@code all}, or null for everything as one report
   * @return the report's bytes
   */
  byte[] periodReport(String period, String format, String registry);
}
