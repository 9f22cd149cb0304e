package io.dareg.core.model;

import java.time.ZoneId;

/**
 * China time (Beijing time, {@code Asia/Shanghai}, UTC+8 with no daylight saving): the zone in
 * which the registry counts days. Notice and objection periods, working days, the date in record
 * numbers, certificate dates, report periods and trade-query days all begin at midnight China time,
 * whatever zone the machine running dareg is set to.
 */
public final class ChinaTime {
  /** {@code Asia/Shanghai}. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private ChinaTime() {}
}
