package org.spikeshift.core.util;

import java.util.Arrays;
import java.util.Locale;

/**
 * The command-line and file names of enum constants: lower case with dashes ({@code FAST_SIGMOID}
 * is {@code fast-sigmoid}, {@code RHO_RHO2} is {@code rho-rho2}), one rule for every enum.
 */
public final class EnumIds {

    private EnumIds() {}

    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant named {@code id}.
     *
     * @param type the enum
     * @param id its name, case-insensitive
     * @param what what the value is, for the error message (e.g. {@code model})
     * @throws IllegalArgumentException naming the accepted values
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String id, String what) {
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(id.toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                "unknown "
                        + what
                        + " '"
                        + id
                        + "' (expected one of "
                        + Arrays.stream(type.getEnumConstants()).map(EnumIds::id).toList()
                        + ")");
    }
}
