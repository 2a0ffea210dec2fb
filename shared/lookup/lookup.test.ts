import { describe, expect, it } from 'vitest';
import { normaliseImageName } from './image-name';
import { knownServerFor, shutdownNotice } from './known-servers';

describe('image names as docker normalises them', () => {
  it.each([
    ['alpine', 'docker.io/library/alpine', 'docker.io'],
    ['alpine:3.20', 'docker.io/library/alpine', 'docker.io'],
    ['ana/app@sha256:' + 'a'.repeat(64), 'docker.io/ana/app', 'docker.io'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx', 'docker.io'],
    ['registry.example.com:5000/team/app:v1', 'registry.example.com:5000/team/app', 'registry.example.com:5000'],
    ['localhost/app', 'localhost/app', 'localhost'],
    ['myacr.azurecr.io/app', 'myacr.azurecr.io/app', 'myacr.azurecr.io'],
  ])('%s -> %s', (input, gun, registry) => expect(normaliseImageName(input)).toEqual({ gun, registry }));

  it('refuses what is not a name, saying what is wrong', () => {
    expect(() => normaliseImageName('')).toThrow(/give an image name/);
    expect(() => normaliseImageName('Team/App')).toThrow(/not a repository name part/);
    expect(() => normaliseImageName('registry.example.com/')).toThrow(/not a repository name part/);
    expect(() => normaliseImageName('a/../b')).toThrow(/not a repository name part/);
  });
});

describe('known notary servers and their end dates', () => {
  it('offers Docker Hub and Azure by registry, with their end dates', () => {
    expect(knownServerFor('docker.io')).toMatchObject({ url: 'https://notary.docker.io', endsOn: '2026-12-08' });
    expect(knownServerFor('myacr.azurecr.io')).toMatchObject({ url: 'https://myacr.azurecr.io', endsOn: '2028-03-31' });
    expect(knownServerFor('registry.example.com')).toBeNull();
  });

  it('warns within 90 days of the end, says when it has ended, and is silent before', () => {
    const hub = 'https://notary.docker.io';
    expect(shutdownNotice(hub, new Date('2026-12-07T20:00:00Z'))).toMatchObject({ daysLeft: 1, ended: false });
    expect(shutdownNotice(hub, new Date('2026-12-08T12:00:00Z'))!.message).toMatch(/today is the last day/);
    expect(shutdownNotice(hub, new Date('2026-12-09T00:00:01Z'))).toMatchObject({ ended: true, message: expect.stringMatching(/ended on 2026-12-08/) });
    expect(shutdownNotice(hub, new Date('2026-06-01T00:00:00Z'))).toBeNull();
    expect(shutdownNotice('https://myacr.azurecr.io', new Date('2028-03-01T00:00:00Z'))).toMatchObject({ daysLeft: 31, endsOn: '2028-03-31' });
    expect(shutdownNotice('https://notary.example.com', new Date())).toBeNull();
  });
});
