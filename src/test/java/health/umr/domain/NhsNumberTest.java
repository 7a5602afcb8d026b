package health.umr.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NhsNumberTest {

    @ParameterizedTest(name = "{0} valid={1}")
    @CsvSource({
        "9449306680, true", // NHS test data number
        "9449306681, false", // wrong check digit
        "9999999999, true", // passes the check: the check proves format, not existence
        "4010232137, true",
        "4010232138, false",
        "1234567890, false", // check digit works out as 10: never valid
        "944930668, false", // 9 digits
        "94493066800, false", // 11 digits
        "944930668A, false",
        "'', false"
    })
    void isValid_appliesModulus11(String digits, boolean valid) {
        assertEquals(valid, NhsNumber.isValid(digits));
    }

    @Test
    void parse_acceptsTheUsualSpaces() {
        assertEquals("9449306680", NhsNumber.parse("944 930 6680").value());
    }

    @Test
    void construction_refusesAnInvalidNumberWithACode() {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> NhsNumber.parse("9449306681"));
        assertEquals(ErrorCode.INVALID_NHS_NUMBER, refused.code());
    }

    /** Issue #13: Arabic-Indic or Bengali digits were taken as a new patient, an identity split. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "\u0669\u0664\u0664\u0669\u0663\u0660\u0666\u0666\u0668\u0660", // Arabic-Indic 9449306680
                "\u09ef\u09ea\u09ea\u09ef\u09e9\u09e6\u09ec\u09ec\u09ee\u09e6", // Bengali
                "\uff19\uff14\uff14\uff19\uff13\uff10\uff16\uff16\uff18\uff10", // full-width
                "94493066 80", // spaced other than 3-3-4
                "944-930-6680",
                "944  930 6680",
                "9449306680\u0000"
            })
    void parse_refusesAnythingButAsciiDigitsSpaced334(String text) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> NhsNumber.parse(text));
        assertEquals(ErrorCode.INVALID_NHS_NUMBER, refused.code());
    }

    @Test
    void parse_storesTheCanonicalTenDigits() {
        assertEquals("9449306680", NhsNumber.parse(" 944 930 6680 ").value());
        assertEquals("9449306680", NhsNumber.parse("9449306680").value());
    }
}
