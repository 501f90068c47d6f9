// "What can principal X (from host H) do on resource Y": the shared authorizeRequest on the bindings DescribeAcls
// listed, with the broker's super.users / allow.everyone.if.no.acl.found when DescribeConfigs showed them. When it did
// not, the answer says what it depends on instead of guessing.
import { authorizeRequest, type AclBinding, type AclDecision, type AuthorizeRequest } from '../../../../src-common/security/acl-rules.js';
import type { AuthorizerInfo } from '../../../../src-common/contract/security.js';
import { describeBinding } from './acl-names.js';

export interface CheckAnswer {
  verdict: 'allowed' | 'denied' | 'unknown';
  decision: AclDecision;
  /** What decided, in words. */
  explanation: string;
  /** Settings the broker did not show that could change the answer. */
  caveats: string[];
}

export function checkAccess(bindings: readonly AclBinding[], authorizer: AuthorizerInfo, request: AuthorizeRequest): CheckAnswer {
  const superUsers = new Set(authorizer.superUsers ?? []);
  const decide = (allowEveryone: boolean): AclDecision =>
    authorizeRequest(bindings, request, { enabled: authorizer.enabled, superUsers, allowEveryoneIfNoAclFound: allowEveryone });
  const decision = decide(authorizer.allowEveryoneIfNoAclFound ?? false);
  const caveats: string[] = [];
  let verdict: CheckAnswer['verdict'] = decision.allowed ? 'allowed' : 'denied';
  if (authorizer.enabled && authorizer.allowEveryoneIfNoAclFound === null && decide(true).allowed !== decision.allowed) {
    verdict = 'unknown';
    caveats.push('No ACL matches this resource, so the answer depends on allow.everyone.if.no.acl.found, which the broker does not show (default false: denied).');
  }
  if (authorizer.enabled && authorizer.superUsers === null && !decision.allowed) {
    caveats.push('Allowed anyway if the principal is in super.users, which the broker does not show.');
  }
  return { verdict, decision, explanation: explain(decision), caveats };
}

function explain(d: AclDecision): string {
  switch (d.reason) {
    case 'no-authorizer': return 'No authorizer is configured: every request is allowed.';
    case 'super-user': return 'The principal is a super user (super.users).';
    case 'denied-by-acl': return `Denied by ${d.binding ? describeBinding(d.binding) : 'a DENY ACL'} (a DENY always wins).`;
    case 'allowed-by-acl': return `Allowed by ${d.binding ? describeBinding(d.binding) : 'an ALLOW ACL'}.`;
    case 'no-acl-allow-everyone': return 'No ACL matches the resource and allow.everyone.if.no.acl.found=true.';
    case 'no-matching-allow': return 'No ALLOW ACL covers this principal, host and operation (deny by default).';
  }
}
