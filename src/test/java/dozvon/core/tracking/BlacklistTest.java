package dozvon.core.tracking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlacklistTest {

    @Test
    void exactAndPrefixPatternsMatchWithOrWithoutThePlus() {
        Blacklist b = new Blacklist(List.of("+79990000000", "+7998*"));
        assertThat(b.match("+79990000000")).contains("+79990000000");
        assertThat(b.match("79990000000")).contains("+79990000000");
        assertThat(b.match("+79981234567")).contains("+7998*");
        assertThat(b.match("79981234567")).contains("+7998*");
        assertThat(b.match("+79990000001")).isEmpty();
        assertThat(b.match("+7997")).isEmpty();
        assertThat(b.match(null)).isEmpty();
        assertThat(b.match("")).isEmpty();
    }

    @Test
    void theReasonNamesTheExactPatternFirstThenTheLongestPrefix() {
        Blacklist b = Blacklist.of(List.of("+7*", "+7999*"), List.of("+79991112233"));
        assertThat(b.match("+79991112233")).contains("+79991112233");
        assertThat(b.match("+79990000000")).contains("+7999*");
        assertThat(b.match("+79160000000")).contains("+7*");
    }

    @Test
    void patternsAreNumbersOrPrefixes() {
        assertThat(Blacklist.validPattern("+79990000000")).isTrue();
        assertThat(Blacklist.validPattern("7999*")).isTrue();
        assertThat(Blacklist.validPattern("+7*99")).isFalse();
        assertThat(Blacklist.validPattern("*")).isFalse();
        assertThat(Blacklist.validPattern("+7 999")).isFalse();
        assertThat(Blacklist.validPattern(null)).isFalse();
    }
}
