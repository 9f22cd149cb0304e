package io.dareg.client.cli;

import io.dareg.core.api.CalendarFile;
import io.dareg.core.api.CalendarView;
import io.dareg.core.model.CalendarYear;
import io.dareg.core.model.ChinaTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Issue 20: the working-day calendar deadlines are counted with. */
@Command(name = "calendar", mixinStandardHelpOptions = true,
    description = "Show the working-day calendar, or record next year's (registry admin).",
    subcommands = {CalendarCommands.Show.class, CalendarCommands.Set.class})
final class CalendarCommands {
  static void print(CommandSpec spec, boolean json, CalendarView v) {
    LocalDate today = LocalDate.now(ChinaTime.ZONE);
    Map<String, String> human = new LinkedHashMap<>();
    human.put("covers", v.firstYear() + " to " + v.lastDay());
    human.put("shipped", "to " + v.shippedLastYear() + " (calendar/cn.json)");
    for (CalendarYear y : v.recorded()) {
      human.put("recorded " + y.year(), y.holidays().size() + " holidays, " + y.workdays().size() + " swapped working days; "
          + y.source() + " (by " + y.recordedBy().id() + " at " + y.recordedAt() + ")");
    }
    human.put("days ahead", String.valueOf(v.daysAhead(today)));
    String warning = v.warning(today);
    human.put("status", warning == null ? "covers at least " + CalendarView.WARN_DAYS_AHEAD + " days ahead" : "WARNING " + warning);
    Output.print(spec.commandLine().getOut(), json, v, human);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "The years the calendar covers, and a warning when it runs out soon.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Override
    public Integer call() throws Exception {
      print(spec, connection.json, connection.client().calendar());
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Record YEAR's holidays and swapped working days from FILE (registry admin), when the State Council publishes them.",
          "FILE: 'year YYYY', 'source NOTICE', then 'YYYY-MM-DD[/YYYY-MM-DD] holiday|workday' lines; # starts a comment.",
          "Days not listed follow the week; each day is classified once; only a Saturday or Sunday is a swapped workday."})
  static final class Set implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;
    @Parameters(index = "0", paramLabel = "YEAR") int year;
    @Parameters(index = "1", paramLabel = "FILE") Path file;

    @Override
    public Integer call() throws Exception {
      CalendarYear recorded = connection.client().recordCalendarYear(
          CalendarFile.parse(year, Files.readString(file, StandardCharsets.UTF_8)));
      Output.print(spec.commandLine().getOut(), connection.json, recorded, Map.of(
          "recorded", String.valueOf(recorded.year()),
          "holidays", String.valueOf(recorded.holidays().size()),
          "swapped working days", String.valueOf(recorded.workdays().size()),
          "source", recorded.source()));
      return 0;
    }
  }
}
