import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const JANUS = { JANUS_URL: 'ws://127.0.0.1:8188' };
const PEER = { ...JANUS, SIP_MODE: 'peer', SIP_DIAL_IN_NUMBER: '+4930123456', SIP_PEER_HOST: '10.0.0.5' };
const REGISTRAR = {
  ...JANUS,
  SIP_MODE: 'registrar',
  SIP_DIAL_IN_NUMBER: '+4930123456',
  SIP_REGISTRAR: 'sip:pbx.musterstadt.de',
  SIP_IDENTITY: 'sip:4930123456@pbx.musterstadt.de',
  SIP_PASSWORD: 'geheim-und-lang',
};

describe('SIP dial-in configuration', () => {
  it('is off by default: no dial-in', () => {
    expect(loadConfig({}).sip).toBeUndefined();
    expect(loadConfig({ ...JANUS, SIP_MODE: 'off', SIP_DIAL_IN_NUMBER: '+4930123456' }).sip).toBeUndefined();
  });

  it('reads a peer line with defaults for PIN time and lockout', () => {
    expect(loadConfig(PEER).sip).toEqual({
      mode: 'peer',
      dialInNumber: '+4930123456',
      janusUrl: 'ws://127.0.0.1:8188',
      peerHost: '10.0.0.5',
      pinSeconds: 60,
      maxWrongPins: 3,
      lockMinutes: 15,
      pinValidHours: 4,
    });
  });

  it('reads a registered line, its own Janus and its limits', () => {
    const sip = loadConfig({
      ...REGISTRAR,
      SIP_JANUS_URL: 'wss://janus-sip.musterstadt.de/ws',
      SIP_AUTH_USER: '4930123456',
      SIP_PIN_SECONDS: '30',
      SIP_PIN_ATTEMPTS: '5',
      SIP_LOCK_MINUTES: '60',
    }).sip;
    expect(sip).toMatchObject({
      mode: 'registrar',
      janusUrl: 'wss://janus-sip.musterstadt.de/ws',
      pinSeconds: 30,
      maxWrongPins: 5,
      lockMinutes: 60,
      registrar: {
        proxy: 'sip:pbx.musterstadt.de',
        identity: 'sip:4930123456@pbx.musterstadt.de',
        authUser: '4930123456',
        secret: 'geheim-und-lang',
      },
    });
  });

  it.each([
    ['SIP_MODE', { SIP_MODE: 'an' }],
    ['SIP_DIAL_IN_NUMBER', { ...PEER, SIP_DIAL_IN_NUMBER: '030 123456' }],
    ['SIP_DIAL_IN_NUMBER', { ...PEER, SIP_DIAL_IN_NUMBER: '+0301234567' }],
    ['SIP_DIAL_IN_NUMBER', { ...PEER, SIP_DIAL_IN_NUMBER: undefined }],
    ['SIP_JANUS_URL', { ...PEER, JANUS_URL: undefined }],
    ['SIP_JANUS_URL', { ...PEER, SIP_JANUS_URL: 'http://janus:8088' }],
    ['SIP_PEER_HOST', { ...PEER, SIP_PEER_HOST: undefined }],
    ['SIP_PEER_HOST', { ...PEER, SIP_PEER_HOST: 'pbx example' }],
    ['SIP_REGISTRAR', { ...REGISTRAR, SIP_REGISTRAR: undefined }],
    ['SIP_REGISTRAR', { ...REGISTRAR, SIP_REGISTRAR: 'pbx.musterstadt.de' }],
    ['SIP_IDENTITY', { ...REGISTRAR, SIP_IDENTITY: '4930123456' }],
    ['SIP_PASSWORD', { ...REGISTRAR, SIP_PASSWORD: undefined }],
    ['SIP_PIN_SECONDS', { ...PEER, SIP_PIN_SECONDS: '5' }],
    ['SIP_PIN_ATTEMPTS', { ...PEER, SIP_PIN_ATTEMPTS: '0' }],
  ])('stops at start on a wrong or missing %s, naming it', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
});
