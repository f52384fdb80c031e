package dozvon.edge.http;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 4180 lines and formula defusing. */
class CsvFormatTest {

    @Test
    void quotesOnlyWhatNeedsQuotingAndDoublesQuotes() {
        assertThat(CsvFormat.line(List.of("a", "b c", "1.5"))).isEqualTo("a,b c,1.5\r\n");
        assertThat(CsvFormat.line(List.of("a,b", "say \"hi\"", "two\nlines", "cr\r"))).isEqualTo(
                "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
        assertThat(CsvFormat.line(Arrays.asList(null, "", "x"))).isEqualTo(",,x\r\n");
    }

    @Test
    void freeTextThatLooksLikeAFormulaIsShownNotRun() {
        assertThat(CsvFormat.text("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(CsvFormat.text("+7 916")).isEqualTo("'+7 916");
        assertThat(CsvFormat.text("-1")).isEqualTo("'-1");
        assertThat(CsvFormat.text("@cmd")).isEqualTo("'@cmd");
        assertThat(CsvFormat.text("sofa")).isEqualTo("sofa");
        assertThat(CsvFormat.text(null)).isNull();
    }
}
