package health.umr.domain;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A record's {@code toString()} text, written faster: the fingerprints of a record and of a summary are
 * taken over the {@code toString()} of their alerts and summary rows, and on Java 17 a record's
 * {@code toString()} runs {@code String.format} (a microsecond or two each, a dozen per patient). The
 * text is the same, character for character: {@code Name[a=1, b=[x, y]]}, components in declaration
 * order, each as {@link String#valueOf(Object)} writes it. Only the records listed here, whose
 * {@code toString()} is the one Java generates, are written so (RecordTextTest checks each); any other
 * value is written by its own {@code toString()}.
 */
public final class RecordText {

    private static final Set<Class<?>> WRITTEN = Set.of(
            Alert.class,
            Admission.class,
            PatientSummary.class,
            PatientSummary.AcbMedicine.class,
            PatientSummary.AlertSince.class,
            PatientSummary.SourceStats.class);

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    private RecordText() {}

    /** {@code value.toString()}. */
    public static String of(Record value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    /** Appends {@code String.valueOf(value)}. */
    public static void append(StringBuilder out, Object value) {
        if (value != null && WRITTEN.contains(value.getClass())) {
            SHAPES.get(value.getClass()).append(out, value);
        } else if (value instanceof Instant instant) {
            IsoInstant.append(out, instant);
        } else if (value instanceof List<?> list) {
            // as AbstractCollection.toString writes a list (no list here holds itself)
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /** A record class's simple name, and its components' names and accessors in declaration order. */
    private static final class Shape {
        private final String name;
        private final String[] names;
        private final MethodHandle[] accessors;

        Shape(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            name = type.getSimpleName();
            names = new String[components.length];
            accessors = new MethodHandle[components.length];
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                try {
                    accessors[i] = lookup.unreflect(components[i].getAccessor());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("a public record's accessor is public: " + names[i], e);
                }
            }
        }

        void append(StringBuilder out, Object value) {
            out.append(name).append('[');
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(names[i]).append('=');
                Object component;
                try {
                    component = accessors[i].invoke(value);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("a record accessor threw", e);
                }
                RecordText.append(out, component);
            }
            out.append(']');
        }
    }
}
