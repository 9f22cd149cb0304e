package io.dareg.chaincode.registry;

import io.dareg.core.model.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The numbers the rules give the records a transaction creates ({@code DR-20261206-9C1E…}, {@code CH-…}): the prefix,
 * the transaction's day in China and twelve letters and digits of its id. A reader of the log (the supervision feed,
 * issue 25) finds the record an act created from the act alone.
 */
public final class RecordNumbers {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  /** How many characters of the transaction id a record number keeps. */
  static final int ID_LENGTH = 12;

  private RecordNumbers() {}

  /**
   * The {@code window}-th number a transaction {@code txId} at {@code txTime} gives a record of {@code prefix}, as
   * {@code Store.newNumber} tries them: so that a reader of the log (the supervision feed, issue 25) finds the record an act
   * created from the act alone.
   */
  public static String number(String prefix, String txId, Instant txTime, int window) {
    LocalDate day = LocalDate.ofInstant(txTime, ChinaTime.ZONE);
    StringBuilder b = new StringBuilder(prefix.length() + 22).append(prefix).append('-');
    if (day.getYear() >= 1000 && day.getYear() <= 9999) {
      // yyyyMMdd by hand: the formatter costs more than the rest of the number.
      int yyyymmdd = day.getYear() * 10000 + day.getMonthValue() * 100 + day.getDayOfMonth();
      b.append(yyyymmdd);
    } else {
      DAY.formatTo(day, b);
    }
    b.append('-');
    String id = txId;
    int skip = window * ID_LENGTH;
    int taken = 0;
    for (int i = 0; i < id.length() && taken < ID_LENGTH; i++) {
      char c = id.charAt(i);
      if (!alphanumeric(c)) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      b.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
      taken++;
    }
    for (; taken < ID_LENGTH; taken++) {
      b.append('0');
    }
    return b.toString();
  }

  static boolean alphanumeric(char c) {
    return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }
}
