package org.sparcj.data.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generic binder between HOCON and settings records: {@link #bind} reads a config subtree into a
 * record, component by component ({@code latentSize} reads key {@code latent_size}); {@link #toConfig}
 * writes a record back, so a stored copy (a checkpoint's JSON) is read by the same code. Supported
 * component types: int, long, double, boolean, String, Path ("" is null), enums (any case), nested
 * records, and lists of these. Adding a setting is two edits: the record component and its
 * {@code reference.conf} line.
 */
public final class Settings {
    private Settings() {
    }

    /** One key of a record's schema: its dotted path below the record, the component and its type. */
    public record Field(String key, RecordComponent component, Class<?> type, boolean supplied) {
    }

    /** Binds {@code config} onto {@code type}; {@code path} (e.g. "sparc.model") prefixes keys in messages. */
    public static <R extends Record> R bind(Config config, Class<R> type, String path) {
        return bind(config, type, path, Map.of());
    }

    /**
     * Binds {@code config} onto {@code type}; components marked {@link Supplied} are read from the
     * config when it has them (a stored copy), else from {@code supplied} by their key.
     */
    public static <R extends Record> R bind(Config config, Class<R> type, String path, Map<String, ?> supplied) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = key(c);
            types[i] = c.getType();
            if (c.isAnnotationPresent(Supplied.class) && !config.hasPath(key)) {
                if (!supplied.containsKey(key)) throw new SettingsException(full(path, key) + " must be supplied");
                args[i] = supplied.get(key);
            } else {
                args[i] = read(config, key, c.getGenericType(), path);
            }
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw located(e.getCause(), config, path);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct settings record " + type.getName(), e);
        }
    }

    /** The settings of {@code type} at {@code path} in the {@code reference.conf} files on the classpath. */
    public static <R extends Record> R defaults(Class<R> type, String path, Map<String, ?> supplied) {
        Config reference = ConfigFactory.defaultReference(type.getClassLoader());
        return bind(reference.getConfig(path), type, path, supplied);
    }

    /**
     * A copy of {@code record} with settings changed, as pairs of config key and value
     * ({@code with(c, "latent_size", 16, "k", 3)}), validated together as any bound record is.
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R record, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("with: pairs of key and value expected");
        Config changed = toConfig(record);
        for (int i = 0; i < keyValues.length; i += 2)
            changed = changed.withValue((String) keyValues[i], ConfigValueFactory.fromAnyRef(plain(keyValues[i + 1])));
        return (R) bind(changed, record.getClass(), "");
    }

    /** The record as a config tree, keys as {@link #bind} reads them. */
    public static Config toConfig(Record record) {
        return ConfigValueFactory.fromMap(toMap(record)).toConfig();
    }

    /** The record as formatted JSON (keys sorted by the record's component order). */
    public static String toJson(Record record) {
        return toConfig(record).root().render(ConfigRenderOptions.concise().setFormatted(true));
    }

    /** Reads JSON written by {@link #toJson}. */
    public static <R extends Record> R fromJson(String json, Class<R> type, String origin) {
        Config c;
        try {
            c = ConfigFactory.parseString(json, com.typesafe.config.ConfigParseOptions.defaults()
                    .setOriginDescription(origin));
        } catch (ConfigException e) {
            throw new SettingsException(origin + ": unreadable settings: " + e.getMessage(), e);
        }
        return bind(c, type, "");
    }

    /** Every key of {@code type}, nested records flattened with dots, in component order. */
    public static List<Field> schema(Class<? extends Record> type) {
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String key = key(c);
            if (c.getType().isRecord()) {
                @SuppressWarnings("unchecked") Class<? extends Record> nested = (Class<? extends Record>) c.getType();
                for (Field f : schema(nested)) out.add(new Field(key + "." + f.key(), f.component(), f.type(), f.supplied()));
            } else {
                out.add(new Field(key, c, c.getType(), c.isAnnotationPresent(Supplied.class)));
            }
        }
        return out;
    }

    /** The config key of a component: its {@link Key}, else its name in snake case. */
    public static String key(RecordComponent c) {
        Key k = c.getAnnotation(Key.class);
        if (k != null) return k.value();
        StringBuilder sb = new StringBuilder();
        for (char ch : c.getName().toCharArray()) {
            if (Character.isUpperCase(ch)) sb.append('_').append(Character.toLowerCase(ch));
            else sb.append(ch);
        }
        return sb.toString();
    }

    /** For compact constructors: fails with the key (relative to the record), the value and what is allowed. */
    public static <T> T require(String key, T value, boolean ok, String allowed) {
        if (!ok) throw new InvalidSettingException(key, value, allowed);
        return value;
    }

    private static Object read(Config c, String key, Type type, String path) {
        if (!c.hasPathOrNull(key)) throw new SettingsException(full(path, key) + " is missing");
        Class<?> raw = rawType(type);
        try {
            if (raw == int.class || raw == Integer.class) return c.getInt(key);
            if (raw == long.class || raw == Long.class) return c.getLong(key);
            if (raw == double.class || raw == Double.class) return c.getDouble(key);
            if (raw == boolean.class || raw == Boolean.class) return c.getBoolean(key);
            if (raw == String.class) return c.getIsNull(key) ? "" : c.getString(key);
            if (raw == Path.class) {
                String s = c.getIsNull(key) ? "" : c.getString(key);
                return s.isBlank() ? null : Path.of(s);
            }
            if (raw.isEnum()) return enumValue(c, key, raw, path);
            if (raw.isRecord()) return bind(c.getConfig(key), raw.asSubclass(Record.class), full(path, key));
            if (raw == List.class) return readList(c, key, ((ParameterizedType) type).getActualTypeArguments()[0], path);
        } catch (ConfigException.WrongType | ConfigException.Null e) {
            throw new SettingsException(full(path, key) + " = " + render(c, key) + " (" + origin(c, key)
                    + "): expected " + describe(type), e);
        }
        throw new IllegalStateException("unsupported settings type " + type + " of " + full(path, key));
    }

    private static List<Object> readList(Config c, String key, Type element, String path) {
        Class<?> raw = rawType(element);
        List<Object> out = new ArrayList<>();
        if (raw.isRecord()) {
            List<? extends Config> items = c.getConfigList(key);
            for (int i = 0; i < items.size(); i++)
                out.add(bind(items.get(i), raw.asSubclass(Record.class), full(path, key) + "[" + i + "]"));
        } else {
            List<? extends ConfigValue> items = c.getList(key);
            for (int i = 0; i < items.size(); i++) out.add(read(items.get(i).atKey("v"), "v", element, full(path, key) + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Config c, String key, Class<?> raw, String path) {
        String v = c.getString(key);
        for (Object e : raw.getEnumConstants())
            if (((Enum) e).name().equalsIgnoreCase(v.trim())) return e;
        throw new SettingsException(full(path, key) + " = " + v + " (" + origin(c, key) + "): allowed "
                + Arrays.toString(raw.getEnumConstants()));
    }

    // A record's validation names a key relative to the record: add the path and where the value was set.
    private static RuntimeException located(Throwable cause, Config c, String path) {
        if (cause instanceof SettingsException s) return s;
        if (cause instanceof InvalidSettingException e) {
            String where = c.hasPath(e.key()) ? " (set in " + origin(c, e.key()) + ")" : "";
            return new SettingsException(full(path, e.key()) + " = " + e.value() + " (allowed: " + e.allowed() + ")"
                    + where, e);
        }
        if (cause instanceof IllegalArgumentException e)
            return new SettingsException((path.isEmpty() ? "" : path + ": ") + e.getMessage(), e);
        if (cause instanceof RuntimeException r) return r;
        return new IllegalStateException(cause);
    }

    private static Map<String, Object> toMap(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            try {
                java.lang.reflect.Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                out.put(key(c), plain(accessor.invoke(record)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return out;
    }

    // Values as the config library takes them: enums by name, paths as strings, records as maps.
    private static Object plain(Object v) {
        if (v == null) return "";
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof Path p) return p.toString();
        if (v instanceof Record r) return toMap(r);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(plain(o));
            return out;
        }
        return v;
    }

    private static Class<?> rawType(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalStateException("unsupported settings type " + t);
    }

    private static String describe(Type t) {
        Class<?> raw = rawType(t);
        if (raw.isEnum()) return "one of " + Arrays.toString(raw.getEnumConstants());
        if (raw.isRecord()) return "an object";
        if (raw == List.class) return "a list";
        if (raw == Path.class) return "a path";
        return raw.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String render(Config c, String key) {
        return c.getIsNull(key) ? "null" : c.getValue(key).render(ConfigRenderOptions.concise());
    }

    private static String origin(Config c, String key) {
        if (!c.hasPathOrNull(key)) return "not set";
        return c.getIsNull(key) ? "null" : c.getValue(key).origin().description();
    }

    private static String full(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }
}
