package io.dareg.chaincode.profile;

import io.dareg.chaincode.registry.RuleException;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The profiles an operator may choose from, by code. */
public final class ProfileCatalog {
  private static final String INDEX = "/profiles/index.json";
  private static volatile ProfileCatalog shipped;

  private final Map<String, Profile> byCode;

  private ProfileCatalog(Map<String, Profile> byCode) {
    this.byCode = Collections.unmodifiableMap(byCode);
  }

  /** The profiles shipped in the jar, listed in {@code /profiles/index.json}; loaded once. */
  public static ProfileCatalog shipped() {
    ProfileCatalog c = shipped;
    if (c == null) {
      synchronized (ProfileCatalog.class) {
        c = shipped;
        if (c == null) {
          List<Profile> profiles = new ArrayList<>();
          for (String code : read(INDEX, String[].class)) {
            profiles.add(read("/profiles/" + code + ".json", Profile.class));
          }
          shipped = c = of(profiles);
        }
      }
    }
    return c;
  }

  /** A catalog of the given profiles, in their order; codes must be unique. */
  public static ProfileCatalog of(Collection<Profile> profiles) {
    Map<String, Profile> map = new LinkedHashMap<>();
    for (Profile p : profiles) {
      if (map.put(p.code(), p) != null) {
        throw new IllegalArgumentException("profile " + p.code() + " is defined twice");
      }
    }
    return new ProfileCatalog(map);
  }

  /** The profile with {@code code}; INVALID naming the known codes when there is none. */
  public Profile get(String code) {
    Profile p = byCode.get(code);
    if (p == null) {
      throw RuleException.invalid(
          "profile", "unknown profile '" + code + "'; known profiles: " + String.join(", ", byCode.keySet()));
    }
    return p;
  }

  /** Every profile, in catalog order. */
  public List<Profile> all() {
    return List.copyOf(byCode.values());
  }

  private static <T> T read(String resource, Class<T> type) {
    try (InputStream in = ProfileCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return Json.mapper().readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
