import type { RoleAssignment } from '../../platform/context';
import type { TaskAssignees } from './tasks.contract';

/**
 * Who a task is addressed to, flattened into principal strings so that one user's list is a
 * lookup of a handful of keys in one index (task_targets_principal):
 *  - 'u:<userId>'          a named person;
 *  - 'r:<role>'            every holder of the role, wherever their assignment points;
 *  - 'r:<role>:*'          holders whose assignment covers the whole organisation;
 *  - 'r:<role>:<unitId>'   holders assigned to that section or department.
 * A task for a role in a section reaches holders of that section, of its department and of the
 * whole organisation (the same rule the notifications used), never those of another section.
 */
export function taskPrincipals(a: TaskAssignees, departmentOfSection: string | null): string[] {
  const out = new Set<string>();
  for (const id of a.userIds ?? []) out.add(`u:${id}`);
  const dept = a.departmentId ?? departmentOfSection;
  for (const role of a.roles ?? []) {
    if (!a.sectionId && !dept) {
      out.add(`r:${role}`);
      continue;
    }
    out.add(`r:${role}:*`);
    if (a.sectionId) out.add(`r:${role}:${a.sectionId}`);
    if (dept) out.add(`r:${role}:${dept}`);
  }
  return [...out];
}

/** The principals one user answers to, from their active role assignments. */
export function userPrincipals(userId: string, assignments: Array<Pick<RoleAssignment, 'role' | 'scopeId'>>): string[] {
  const out = new Set<string>([`u:${userId}`]);
  for (const a of assignments) {
    out.add(`r:${a.role}`);
    out.add(a.scopeId ? `r:${a.role}:${a.scopeId}` : `r:${a.role}:*`);
  }
  return [...out];
}
