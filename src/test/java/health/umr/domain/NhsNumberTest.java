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
}
