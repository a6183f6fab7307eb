// The pure logic of static/assets/replies.js: what a placeholder shows, and which replies the
// library's filters and search box keep. Expected values are written out by hand.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const R = require(path.join(__dirname, '..', '..', 'static', 'assets', 'replies.js'));

const reply = {
  scenario: 'handoff',
  channels: ['chat', 'dm'],
  tone: 'apologetic',
  text: 'Taking over after the bot went round in circles\nHi {customer_name}, I have   taken over.',
};

test('a placeholder shows its value, or {name} while the value is blank', () => {
  assert.equal(R.slotText('order_id', 'SN-2048'), 'SN-2048');
  assert.equal(R.slotText('order_id', ''), '{order_id}');
  assert.equal(R.slotText('order_id', '   '), '{order_id}');
  assert.equal(R.slotText('order_id', undefined), '{order_id}');
  // A value is kept as typed, spaces included.
  assert.equal(R.slotText('customer_name', ' Ms Zhou'), ' Ms Zhou');
});

test('filters: empty means any; a channel matches any of the reply\'s channels', () => {
  const none = { scenario: '', channel: '', tone: '' };
  assert.equal(R.matches(reply, none, ''), true);
  assert.equal(R.matches(reply, { ...none, scenario: 'handoff' }, ''), true);
  assert.equal(R.matches(reply, { ...none, scenario: 'apology' }, ''), false);
  assert.equal(R.matches(reply, { ...none, channel: 'dm' }, ''), true);
  assert.equal(R.matches(reply, { ...none, channel: 'email' }, ''), false);
  assert.equal(R.matches(reply, { ...none, tone: 'apologetic' }, ''), true);
  assert.equal(R.matches(reply, { ...none, tone: 'warm' }, ''), false);
  assert.equal(R.matches(reply, { scenario: 'handoff', channel: 'chat', tone: 'warm' }, ''), false);
});

test('search: every word must occur, in any case, white space folded', () => {
  const none = { scenario: '', channel: '', tone: '' };
  assert.equal(R.matches(reply, none, 'ROUND circles'), true);
  assert.equal(R.matches(reply, none, 'circles refund'), false);
  assert.equal(R.matches(reply, none, '  have taken  '), true);
  assert.equal(R.matches(reply, none, 'have taken over'), true);
  assert.equal(R.normalise('  A\n  b\tC '), 'a b c');
});
