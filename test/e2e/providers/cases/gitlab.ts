/**
 * GitLab project and group webhook deliveries as GitLab sends them: the webhook's secret token
 * as-is in X-Gitlab-Token (GitLab signs nothing; no SDK involved), X-Gitlab-Event, a fresh
 * Idempotency-Key and X-Gitlab-Event-UUID, X-Gitlab-Instance. Bodies follow GitLab's documented
 * example payloads (webhook_events.md).
 */
import { randomUUID } from "node:crypto";
import type { ProviderCases } from "../case.js";

const TOKEN = "e2e-gitlab-secret-token";
/** `token: null` sends no X-Gitlab-Token at all. */
const headers = (event: string, token: string | null = TOKEN) => ({
  ...(token === null ? {} : { "x-gitlab-token": token }),
  "x-gitlab-event": event,
  "x-gitlab-instance": "https://gitlab.example.com",
  "x-gitlab-event-uuid": randomUUID(),
  "x-gitlab-webhook-uuid": "0f0e4b2c-11aa-4c3b-9a7e-2d1f0c9b8a76",
  "idempotency-key": randomUUID(),
  "user-agent": "GitLab/18.5.0",
});

const project = {
  id: 15, name: "Diaspora", description: "", web_url: "http://example.com/mike/diaspora", avatar_url: null,
  git_ssh_url: "git@example.com:mike/diaspora.git", git_http_url: "http://example.com/mike/diaspora.git", namespace: "Mike",
  visibility_level: 0, path_with_namespace: "mike/diaspora", default_branch: "master", homepage: "http://example.com/mike/diaspora",
  url: "git@example.com:mike/diaspora.git", ssh_url: "git@example.com:mike/diaspora.git", http_url: "http://example.com/mike/diaspora.git",
};
const user = { id: 1, name: "Administrator", username: "root", avatar_url: "http://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=40&d=identicon", email: "admin@example.com" };

const push = JSON.stringify({
  object_kind: "push", event_name: "push",
  before: "95790bf891e76fee5e1747ab589903a6a1f80f22", after: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", ref: "refs/heads/master", ref_protected: true,
  checkout_sha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", user_id: 4, user_name: "John Smith", user_username: "jsmith", user_email: "john@example.com",
  user_avatar: "https://s.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?s=80", project_id: 15, project,
  repository: { name: "Diaspora", url: "git@example.com:mike/diaspora.git", description: "", homepage: "http://example.com/mike/diaspora", git_http_url: "http://example.com/mike/diaspora.git", git_ssh_url: "git@example.com:mike/diaspora.git", visibility_level: 0 },
  commits: [{
    id: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", message: "fixed readme", title: "fixed readme", timestamp: "2012-01-03T23:36:29+02:00",
    url: "http://example.com/mike/diaspora/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7", author: { name: "GitLab dev user", email: "gitlabdev@dv6700.(none)" },
    added: ["CHANGELOG"], modified: ["app/controller/application.rb"], removed: [],
  }],
  total_commits_count: 1,
});

const mergeRequest = JSON.stringify({
  object_kind: "merge_request", event_type: "merge_request", user, project,
  object_attributes: {
    id: 99, iid: 1, target_branch: "master", source_branch: "ms-viewport", source_project_id: 15, target_project_id: 15, author_id: 51,
    assignee_ids: [6], assignee_id: 6, reviewer_ids: [6], title: "MS-Viewport", created_at: "2013-12-03T17:23:34Z", updated_at: "2013-12-03T17:23:34Z",
    milestone_id: null, state_id: 1, state: "opened", blocking_discussions_resolved: true, work_in_progress: false, draft: false, first_contribution: true,
    merge_status: "unchecked", description: "", url: "http://example.com/mike/diaspora/merge_requests/1", source: project, target: project,
    last_commit: { id: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", message: "fixed readme", title: "Update file README.md", timestamp: "2012-01-03T23:36:29+02:00", url: "http://example.com/mike/diaspora/commits/da1560886d4f094c3e6c9ef40349f7d38b5d27d7", author: { name: "GitLab dev user", email: "gitlabdev@dv6700.(none)" } },
    labels: [], action: "open", detailed_merge_status: "mergeable",
  },
  labels: [], changes: {}, assignees: [{ id: 6, name: "User1", username: "user1", avatar_url: null }], reviewers: [],
});

// Group webhooks: member events carry event_name, no object_kind.
const memberAdded = JSON.stringify({
  created_at: "2020-12-11T04:57:22Z", updated_at: "2020-12-11T04:57:22Z", group_name: "webhook-test", group_path: "webhook-test", group_id: 100,
  user_username: "test_user", user_name: "Test User", user_email: "testuser@webhooktest.com", user_id: 64, group_access: "Guest", group_plan: null,
  expires_at: "2020-12-14T00:00:00Z", event_name: "user_add_to_group",
});

const cases: ProviderCases = {
  provider: "gitlab",
  env: { GITLAB_SECRET_TOKEN: TOKEN },
  deliveries: () => [
    { label: "Push Hook → push", body: push, headers: headers("Push Hook"), expect: { status: 200, event: "push" } },
    { label: "Merge Request Hook → merge_request", body: mergeRequest, headers: headers("Merge Request Hook"), expect: { status: 200, event: "merge_request" } },
    { label: "Member Hook → user_add_to_group (event_name)", body: memberAdded, headers: headers("Member Hook"), expect: { status: 200, event: "user_add_to_group" } },
    { label: "wrong token", body: push.replace("fixed readme", "fixed readme twice"), headers: headers("Push Hook", "not-the-token"), expect: { status: 401 } },
    { label: "no X-Gitlab-Token", body: mergeRequest.replace("MS-Viewport", "MS-Viewport 2"), headers: headers("Merge Request Hook", null), expect: { status: 401 } },
    // GitLab signs nothing: a changed body with the right token is indistinguishable from GitLab's (docs/providers/gitlab.md).
    { label: "changed body, right token (GitLab signs no body)", body: push.replace("refs/heads/master", "refs/heads/main"), headers: headers("Push Hook"), expect: { status: 200, event: "push" } },
  ],
};
export default cases;
