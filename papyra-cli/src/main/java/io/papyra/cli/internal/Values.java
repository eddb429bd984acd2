package io.papyra.cli.internal;

import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.StartupCheckMode;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of option values: durations, {@code --since}, and enums written in lower case with hyphens. */
final class Values {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d|w)");
    static final String DURATION_FORMS = "a duration such as 500ms, 30s, 15m, 2h, 1d, 1w or PT15M";

    private Values() {
    }

    /** Parses {@code 15m}, {@code 2h}, ... or an ISO-8601 duration; refuses zero and negatives. */
    static Duration duration(String text) {
        String value = text.strip();
        Duration parsed = null;
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else if (value.matches("[-+]?[Pp].*")) {
            try {
                parsed = Duration.parse(value);
            } catch (DateTimeParseException e) {
                parsed = null;
            }
        }
        if (parsed == null) {
            throw new TypeConversionException("'" + text + "' is not " + DURATION_FORMS);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new TypeConversionException("'" + text + "' must be a positive duration");
        }
        return parsed;
    }

    /** {@code --since}: an instant, or a duration back from now. */
    record Since(Instant instant, Duration ago) {
        Instant resolve(InstantSource clock) {
            return instant != null ? instant : clock.instant().minus(ago);
        }
    }

    static final class SinceConverter implements ITypeConverter<Since> {
        @Override
        public Since convert(String text) {
            try {
                return new Since(Instant.parse(text.strip()), null);
            } catch (DateTimeParseException e) {
                try {
                    return new Since(null, duration(text));
                } catch (TypeConversionException notDuration) {
                    throw new TypeConversionException("'" + text + "' is neither an ISO-8601 instant such as"
                            + " 2026-01-01T00:00:00Z nor " + DURATION_FORMS + " (meaning that long ago)");
                }
            }
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return duration(text);
        }
    }

    /** The name of an enum constant on the command line: lower case, {@code -} for {@code _}. */
    static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equalsIgnoreCase(text.strip()) || constant.name().equalsIgnoreCase(text.strip())) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + text + "' is not one of " + names(type));
    }

    static <E extends Enum<E>> List<String> names(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(name(constant));
        }
        return names;
    }

    /** Output formats of the record commands. */
    enum RecordFormat { TABLE, JSON, NDJSON }

    /** Output formats of the report commands. */
    enum ReportFormat { TABLE, JSON }

    static final class RecordFormatConverter implements ITypeConverter<RecordFormat> {
        @Override
        public RecordFormat convert(String text) {
            return parse(text, RecordFormat.class);
        }
    }

    static final class ReportFormatConverter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String text) {
            return parse(text, ReportFormat.class);
        }
    }

    static final class RecoveryModeConverter implements ITypeConverter<RecoveryMode> {
        @Override
        public RecoveryMode convert(String text) {
            return parse(text, RecoveryMode.class);
        }
    }

    static final class StartupModeConverter implements ITypeConverter<StartupCheckMode> {
        @Override
        public StartupCheckMode convert(String text) {
            return parse(text, StartupCheckMode.class);
        }
    }

    /** Completion candidates (and the help's {@code ${COMPLETION-CANDIDATES}}) in command-line spelling. */
    abstract static class Candidates<E extends Enum<E>> implements Iterable<String> {
        private final Class<E> type;

        Candidates(Class<E> type) {
            this.type = type;
        }

        @Override
        public Iterator<String> iterator() {
            return names(type).iterator();
        }
    }

    static final class RecordFormats extends Candidates<RecordFormat> {
        RecordFormats() {
            super(RecordFormat.class);
        }
    }

    static final class ReportFormats extends Candidates<ReportFormat> {
        ReportFormats() {
            super(ReportFormat.class);
        }
    }

    static final class RecoveryModes extends Candidates<RecoveryMode> {
        RecoveryModes() {
            super(RecoveryMode.class);
        }
    }

    static final class StartupModes extends Candidates<StartupCheckMode> {
        StartupModes() {
            super(StartupCheckMode.class);
        }
    }
}
