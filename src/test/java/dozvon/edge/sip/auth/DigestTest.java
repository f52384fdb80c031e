package dozvon.edge.sip.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DigestTest {

    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");
    private final DigestVerifier verifier = new DigestVerifier("dozvon.local", Duration.ofMinutes(5));

    @Test
    void md5MatchesRfc2617Example() {
        // RFC 2617 §3.5
        assertThat(DigestAlgorithm.MD5.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void sha256MatchesRfc7616Example() {
        // RFC 7616 §3.9.1
        assertThat(DigestAlgorithm.SHA_256.response("Mufasa", "http-auth@example.org", "Circle of Life", "GET",
                "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void challengesOfferSha256ThenMd5WithQopAuth() {
        List<String> c = verifier.challenges(now, false);
        assertThat(c).hasSize(2);
        assertThat(c.get(0)).contains("algorithm=SHA-256").contains("qop=\"auth\"").contains("realm=\"dozvon.local\"");
        assertThat(c.get(1)).contains("algorithm=MD5").doesNotContain("stale");
        assertThat(verifier.challenges(now, true).get(0)).contains("stale=true");
    }

    private String answer(List<String> challenges, String user, String password, long nc) {
        return DigestClient.answer(challenges, user, password, "REGISTER", "sip:dozvon.local", nc).orElseThrow();
    }

    @Test
    void theRightPasswordIsAuthorizedWithEitherAlgorithm() {
        List<String> c = verifier.challenges(now, false);
        assertThat(verifier.verify(answer(c, "anna", "s3cret", 1), "REGISTER", "anna", "s3cret", now))
                .isEqualTo(new DigestVerifier.Verdict.Authorized("anna"));
        String md5Only = answer(List.of(verifier.challenges(now, false).get(1)), "anna", "s3cret", 1);
        assertThat(md5Only).contains("algorithm=MD5");
        assertThat(verifier.verify(md5Only, "REGISTER", "anna", "s3cret", now))
                .isInstanceOf(DigestVerifier.Verdict.Authorized.class);
    }

    @Test
    void aWrongPasswordIsChallengedAgainWithoutStale() {
        List<String> c = verifier.challenges(now, false);
        assertThat(verifier.verify(answer(c, "anna", "guess", 1), "REGISTER", "anna", "s3cret", now))
                .isEqualTo(new DigestVerifier.Verdict.Challenge(false));
    }

    @Test
    void noCredentialsMeansChallenge() {
        assertThat(verifier.verify(null, "REGISTER", "anna", "s3cret", now))
                .isEqualTo(new DigestVerifier.Verdict.Challenge(false));
    }

    @Test
    void aReplayedNonceCountIsRefusedAndAHigherOneAccepted() {
        List<String> c = verifier.challenges(now, false);
        String first = answer(c, "anna", "s3cret", 1);
        assertThat(verifier.verify(first, "REGISTER", "anna", "s3cret", now)).isInstanceOf(DigestVerifier.Verdict.Authorized.class);
        assertThat(verifier.verify(first, "REGISTER", "anna", "s3cret", now)).isEqualTo(new DigestVerifier.Verdict.Challenge(true));
        assertThat(verifier.verify(answer(c, "anna", "s3cret", 2), "REGISTER", "anna", "s3cret", now))
                .isInstanceOf(DigestVerifier.Verdict.Authorized.class);
    }

    @Test
    void anExpiredNonceWithTheRightPasswordIsStale() {
        List<String> c = verifier.challenges(now, false);
        String creds = answer(c, "anna", "s3cret", 1);
        assertThat(verifier.verify(creds, "REGISTER", "anna", "s3cret", now.plus(Duration.ofMinutes(6))))
                .isEqualTo(new DigestVerifier.Verdict.Challenge(true));
    }

    @Test
    void aNonceWeDidNotIssueIsNotAccepted() {
        DigestVerifier other = new DigestVerifier("dozvon.local", Duration.ofMinutes(5));
        String creds = answer(other.challenges(now, false), "anna", "s3cret", 1);
        assertThat(verifier.verify(creds, "REGISTER", "anna", "s3cret", now)).isEqualTo(new DigestVerifier.Verdict.Challenge(false));
    }

    @Test
    void credentialsForAnotherUserAreForbidden() {
        String creds = answer(verifier.challenges(now, false), "igor", "s3cret", 1);
        assertThat(verifier.verify(creds, "REGISTER", "anna", "s3cret", now)).isInstanceOf(DigestVerifier.Verdict.Forbidden.class);
        assertThat(verifier.verify("Digest garbage", "REGISTER", "anna", "s3cret", now)).isInstanceOf(DigestVerifier.Verdict.Forbidden.class);
        assertThat(verifier.verify(answer(verifier.challenges(now, false), "anna", "x", 1), "REGISTER", "anna", null, now))
                .isInstanceOf(DigestVerifier.Verdict.Forbidden.class);
    }

    @Test
    void authParamsHandleQuotesCommasAndEscapes() {
        AuthParams p = AuthParams.parse("Digest realm=\"a, \\\"b\\\"\", nonce=xyz ,qop=\"auth,auth-int\"").orElseThrow();
        assertThat(p.scheme()).isEqualTo("Digest");
        assertThat(p.get("realm")).hasValue("a, \"b\"");
        assertThat(p.get("NONCE")).hasValue("xyz");
        assertThat(p.get("qop")).hasValue("auth,auth-int");
        assertThat(AuthParams.parse("Digest realm=\"unterminated")).isEmpty();
    }

    @Test
    void theOfferOrderIsConfigurableAndOnlyOfferedAlgorithmsAreAccepted() {
        DigestVerifier md5Only = new DigestVerifier("dozvon.local", Duration.ofMinutes(5), List.of(DigestAlgorithm.MD5));
        List<String> c = md5Only.challenges(now, false);
        assertThat(c).singleElement().satisfies(h -> assertThat(h).contains("algorithm=MD5"));
        String sha = answer(verifier.challenges(now, false), "anna", "s3cret", 1);
        assertThat(sha).contains("algorithm=SHA-256");
        assertThat(md5Only.verify(sha, "REGISTER", "anna", "s3cret", now)).isInstanceOf(DigestVerifier.Verdict.Challenge.class);
    }
}
