/**
 * Bitbucket Cloud deliveries as Bitbucket sends them: X-Hub-Signature `sha256=<hex HMAC-SHA256 of
 * the body>` keyed by the webhook's secret (Bitbucket ships no signer; computed with node:crypto),
 * X-Event-Key, a fresh X-Request-UUID, X-Hook-UUID, X-Attempt-Number. Bodies follow Bitbucket's
 * documented example payloads (support.atlassian.com/bitbucket-cloud/docs/event-payloads/). The
 * header is sent as Bitbucket sends it (`repo:push`); the event is its dotted name (`repo.push`).
 */
import { createHmac, randomUUID } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-bitbucket-webhook-secret";
const headers = (eventKey: string, body: string, secret = SECRET) => ({
  "x-event-key": eventKey,
  "x-request-uuid": randomUUID(),
  "x-hook-uuid": "{f1c8a2b4-2b7e-4f0e-9c55-3b1f2e0d9a11}",
  "x-attempt-number": "1",
  "user-agent": "Bitbucket-Webhooks/2.0",
  "x-hub-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
});

const account = { type: "user", display_name: "Emma", uuid: "{a54f16da-24e9-4d7f-a3a7-b1ba2cd98aa3}", account_id: "557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443", nickname: "emmap1" };
const repository = { type: "repository", full_name: "team_name/repo_name", name: "repo_name", uuid: "{673a6070-3421-46c9-9d48-90745f7bfe8e}", scm: "git", is_private: true };
const commit = (hash: string, message: string) => ({ type: "commit", hash, message, date: "2015-06-09T03:34:49+00:00", author: { type: "author", raw: "Emma <emma@example.com>", user: account }, parents: [] });

const push = JSON.stringify({
  actor: account,
  repository,
  push: {
    changes: [{
      new: { type: "branch", name: "main", target: commit("709d658dc5b6d6afcd46049c2f332ee3f515a67d", "new commit message\n") },
      old: { type: "branch", name: "main", target: commit("1e65c05c1d5171631d92438a13901ca7dae9618c", "old commit message\n") },
      created: false, forced: false, closed: false, truncated: false,
      commits: [commit("709d658dc5b6d6afcd46049c2f332ee3f515a67d", "new commit message\n")],
    }],
  },
});

const pullRequest = JSON.stringify({
  actor: account,
  repository,
  pullrequest: {
    type: "pullrequest", id: 1, title: "Title of pull request", description: "Description of pull request", state: "OPEN", author: account,
    source: { branch: { name: "branch2" }, commit: { hash: "d3022fc0ca3d" }, repository },
    destination: { branch: { name: "master" }, commit: { hash: "ce5965ddd289" }, repository },
    merge_commit: null, participants: [], reviewers: [], close_source_branch: true, closed_by: null, reason: "",
    created_on: "2015-04-06T15:23:38.179678+00:00", updated_on: "2015-04-06T15:23:38.205705+00:00",
  },
});

const cases: ProviderCases = {
  provider: "bitbucket",
  env: { BITBUCKET_WEBHOOK_SECRET: SECRET },
  deliveries: () => [
    { label: "repo.push (X-Event-Key repo:push)", body: push, headers: headers("repo:push", push), expect: { status: 200, event: "repo.push" } },
    { label: "pullrequest.created (X-Event-Key pullrequest:created)", body: pullRequest, headers: headers("pullrequest:created", pullRequest), expect: { status: 200, event: "pullrequest.created" } },
    { label: "tampered body", body: pullRequest.replace("OPEN", "MERGED"), headers: headers("pullrequest:created", pullRequest), expect: { status: 401 } },
    { label: "wrong secret", body: push.replace("main", "release"), headers: headers("repo:push", push.replace("main", "release"), "not-the-secret"), expect: { status: 401 } },
  ],
};
export default cases;
