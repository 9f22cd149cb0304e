package io.dareg.core.model;

/**
 * One item of the registry's published fee schedule (SZ: the registry publishes its fee items and
 * standards; SD registers free of charge).
 *
 * @param item the service charged for, e.g. 登记申请
 * @param amount the standard in words, e.g. {@code 免费} or {@code 500 元/件}
 * @param basis the measure or price approval the standard rests on
 */
public record FeeItem(String item, String amount, String basis) {
  /** Validates every field. */
  public FeeItem {
    item = Require.text("item", item, 200);
    amount = Require.text("amount", amount, 200);
    basis = Require.text("basis", basis, 500);
  }
}
