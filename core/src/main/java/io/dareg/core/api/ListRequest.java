package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;

/**
 * Asks for one page of registrations by holder or by status.
 *
 * @param key the holder's account id, or the status name
 * @param pageSize 1 to 200 entries; 0 means the default of 50
 * @param bookmark where the previous page ended, or null for the first page
 */
public record ListRequest(String key, int pageSize, String bookmark) {
  /** The largest page. */
  public static final int MAX_PAGE = 200;

  /** Validates every field. */
  public ListRequest {
    key = Require.identifier("key", key);
    if (pageSize == 0) {
      pageSize = 50;
    }
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw new InvalidInputException("pageSize", "must be between 1 and " + MAX_PAGE);
    }
    bookmark = bookmark == null || bookmark.isEmpty() ? "" : Require.text("bookmark", bookmark, 1000);
  }
}
