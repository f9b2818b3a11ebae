import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { becomePlanFor } from '../../src/runner/become.js';

describe('becomePlanFor', () => {
  it('runs unprivileged unless become is asked for', () => {
    expect(becomePlanFor('h', {}, {})).toEqual({ mode: 'none' });
    expect(becomePlanFor('h', { ansible_become: 'no' }, {})).toEqual({ mode: 'none' });
  });

  it("reads Ansible's boolean spellings and the --become flag", () => {
    for (const value of [true, 'yes', 'True', '1', 'on', 1]) {
      expect(becomePlanFor('h', { ansible_become: value }, {}).mode, String(value)).toBe('sudo');
    }
    expect(becomePlanFor('h', {}, { become: true }).mode).toBe('sudo');
  });

  it('feeds a become password on stdin, the flag winning over the inventory', () => {
    const fromVars = becomePlanFor('h', { ansible_become: true, ansible_become_pass: 's3cret' }, {});
    expect(fromVars.mode).toBe('sudo-password');
    expect(fromVars.stdin?.toString()).toBe('s3cret\n');
    const fromFlag = becomePlanFor('h', { ansible_become: true, ansible_become_password: 'inv' }, { becomePassword: 'typed' });
    expect(fromFlag.stdin?.toString()).toBe('typed\n');
  });

  it('refuses a become user other than root, naming the host', () => {
    expect(becomePlanFor('h', { ansible_become: true, ansible_become_user: 'root' }, {}).mode).toBe('sudo');
    const call = (): unknown => becomePlanFor('db1', { ansible_become: true, ansible_become_user: 'postgres' }, {});
    expect(call).toThrow(UserError);
    expect(call).toThrow(/^Host db1: ansible_become_user=postgres is not supported; calico-preflight needs root/);
  });

  it('refuses become methods other than sudo', () => {
    expect(() => becomePlanFor('h', { ansible_become: true, ansible_become_method: 'su' }, {})).toThrow(/ansible_become_method=su/);
  });
});
