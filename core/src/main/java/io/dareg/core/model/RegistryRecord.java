package io.dareg.core.model;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A registry on the ledger (issue 25): one organisation whose registrars register data assets under
 * its own numbers. The ledger's first registry is the one that initialised it (its settings); any other
 * organisation the ledger trusts may open one of its own, whose rules then apply only to its own
 * registrations. A registration's number starts with its registry's code ({@code SZ-20261206-…}), so
 * the number says which registry it belongs to.
 *
 * @param code the registry's code, 2 to 6 capital letters, the prefix of its registration numbers
 * @param msp the registry organisation (MSP id): its registrars and admins act for it
 * @param name the registry's name, printed on its certificates
 * @param defaultProfile the profile an application to this registry gets when it names none
 * @param openedBy the admin that opened it (for the first registry: the one that initialised the ledger)
 * @param openedAt when
 */
public record RegistryRecord(String code, String msp, String name, String defaultProfile, IdentityRef openedBy, Instant openedAt) {
  /** The code of a ledger's first registry when its initialisation named none: the numbers dareg always gave. */
  public static final String DEFAULT_CODE = "DR";

  private static final Pattern CODE = Pattern.compile("[A-Z]{2,6}");

  /** Validates every field. */
  public RegistryRecord {
    code = requireCode("code", code);
    msp = Require.identifier("msp", msp);
    name = Require.text("name", name, 200);
    defaultProfile = Require.identifier("defaultProfile", defaultProfile);
    Require.present("openedBy", openedBy);
    Require.present("openedAt", openedAt);
  }

  /** Requires {@code code} to be a registry code (2 to 6 capital letters); returns it. */
  public static String requireCode(String field, String code) {
    Require.present(field, code);
    if (!CODE.matcher(code).matches()) {
      throw new InvalidInputException(field, "'" + code + "' is not a registry code: use 2 to 6 capital letters, e.g. SZ");
    }
    return code;
  }

  /**
   * The code of the registry a registration number belongs to: the part before its first '-'
   * ({@code DR} for {@code DR-20261206-…}).
   */
  public static String codeOf(String regNo) {
    int dash = regNo.indexOf('-');
    return dash < 0 ? regNo : regNo.substring(0, dash);
  }
}
