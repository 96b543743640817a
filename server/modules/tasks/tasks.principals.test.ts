import { describe, expect, it } from 'vitest';
import { taskPrincipals, userPrincipals } from './tasks.principals';

const match = (task: string[], user: string[]) => task.some((p) => user.includes(p));

describe('task principals', () => {
  const sectionTask = taskPrincipals({ roles: ['securityManager'], sectionId: 'S1' }, 'D1');

  it('reaches the section holder, the department holder and an organisation-wide holder', () => {
    expect(match(sectionTask, userPrincipals('a', [{ role: 'securityManager', scopeId: 'S1' }]))).toBe(true);
    expect(match(sectionTask, userPrincipals('b', [{ role: 'securityManager', scopeId: 'D1' }]))).toBe(true);
    expect(match(sectionTask, userPrincipals('c', [{ role: 'securityManager', scopeId: null }]))).toBe(true);
  });

  it('does not reach the same role in another section, nor another role', () => {
    expect(match(sectionTask, userPrincipals('d', [{ role: 'securityManager', scopeId: 'S2' }]))).toBe(false);
    expect(match(sectionTask, userPrincipals('e', [{ role: 'staff', scopeId: 'S1' }]))).toBe(false);
  });

  it('a role task without a unit reaches every holder; a named user only that user', () => {
    const any = taskPrincipals({ roles: ['chiefSecurityManager'] }, null);
    expect(match(any, userPrincipals('f', [{ role: 'chiefSecurityManager', scopeId: null }]))).toBe(true);
    const named = taskPrincipals({ userIds: ['g'] }, null);
    expect(match(named, userPrincipals('g', []))).toBe(true);
    expect(match(named, userPrincipals('h', [{ role: 'ciso', scopeId: null }]))).toBe(false);
  });

  it('a department task reaches the department officer but not a section of it', () => {
    const dept = taskPrincipals({ roles: ['securityOfficer'], departmentId: 'D1' }, null);
    expect(match(dept, userPrincipals('i', [{ role: 'securityOfficer', scopeId: 'D1' }]))).toBe(true);
    expect(match(dept, userPrincipals('j', [{ role: 'securityOfficer', scopeId: 'D2' }]))).toBe(false);
  });
});
