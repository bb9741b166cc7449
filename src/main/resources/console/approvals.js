// Approval requests of the picked project (docs/approvals.md): request approval of files from named
// approvers, follow the votes, cast a vote for an approver, cancel a pending request.
import { api, enc } from './api.js';
import { h, field, notify, confirmAction, errorText, busy, timeCell, lines } from './ui.js';
import { crudTable, can, formCard, toolbar } from './admin-kit.js';

export async function render(root, ctx) {
  const p = `/${enc(ctx.project)}/v5`;
  const { approvals, info } = await api('GET', `${p}/approvals?limit=200`);
  const manage = can(ctx, 'OBJECTS_APPROVAL_MANAGE');
  const vote = can(ctx, 'OBJECTS_APPROVAL_VOTE');
  const formBox = h('div');
  root.append(
    manage ? toolbar(h('button', { type: 'button', id: 'new-approval', onclick: () => formBox.replaceChildren(requestForm(ctx, p, formBox)) },
      'Request approval')) : null,
    formBox,
    crudTable({
      id: 'approvals-table', items: approvals, empty: 'No approval request in this project yet.',
      caption: `${approvals.length} of ${info?.total_approvals_count ?? approvals.length} approval request(s), newest first`,
      heads: ['Message', 'Status', 'Rule', 'Votes', 'Files', 'Due', 'Requested'],
      key: (a) => ({ 'data-approval-uuid': a.uuid, 'data-status': a.status }),
      cells: (a) => [a.message || h('span', { class: 'sub' }, 'no message'),
        h('span', { class: 'approval-status' }, a.status, a.overdue ? ' (overdue)' : ''),
        typeof a.rule === 'string' ? a.rule : `${a.rule.quorum} of ${a.approvers.length}`,
        h('ul', { class: 'plain' }, a.approvers.map((v) => h('li', {}, `${v.approver}: ${v.decision || 'waiting'}`))),
        String(a.files_uuids.length), timeCell(a.due_date), timeCell(a.created_at)],
      actions: (manage || vote) ? (a) => (a.status !== 'PENDING' ? [] : [
        vote ? h('button', { type: 'button', class: 'secondary small', onclick: () => formBox.replaceChildren(voteForm(ctx, p, a, formBox)) }, 'Vote') : null,
        manage ? h('button', { type: 'button', class: 'danger small', onclick: (ev) => busy(ev.currentTarget, () => cancel(ctx, p, a)) }, 'Cancel request') : null])
        : null,
    }));
}

function requestForm(ctx, p, formBox) {
  const files = h('textarea', { rows: '3', placeholder: '/campaign/poster.png' });
  const approvers = h('textarea', { rows: '2', placeholder: 'alice@example.com' });
  const rule = h('select', {}, [['all', 'Every approver'], ['any', 'Any one approver'], ['quorum', 'A number of them']]
    .map(([v, l]) => h('option', { value: v }, l)));
  const quorum = h('input', { type: 'number', min: '1', step: '1', value: '1' });
  const due = h('input', { type: 'text', placeholder: '2026-12-31', autocomplete: 'off' });
  const message = h('input', { type: 'text', autocomplete: 'off' });
  return formCard({
    id: 'approval-form', title: 'Request approval', submit: 'Request approval', onCancel: () => formBox.replaceChildren(),
    fields: [
      field({ label: 'Files (one path a line)', name: 'files_uuids', input: files }),
      field({ label: 'Approvers (names or e-mail addresses, one a line)', name: 'approvers', input: approvers }),
      h('div', { class: 'row' },
        field({ label: 'Approved when', name: 'rule', input: rule }),
        field({ label: 'How many (for a number of them)', name: 'quorum', input: quorum }),
        field({ label: 'Due (optional)', name: 'due_date', input: due, help: 'A day (the end of it, UTC) or a time like 2026-12-31T17:00:00Z.' })),
      field({ label: 'Message (optional)', name: 'message', input: message })],
    onSubmit: async () => {
      const body = { files_uuids: await fileUuids(p, lines(files.value)), approvers: lines(approvers.value),
        rule: rule.value === 'quorum' ? { quorum: Number(quorum.value) } : rule.value };
      if (due.value.trim()) body.due_date = due.value.trim();
      if (message.value.trim()) body.message = message.value.trim();
      await api('POST', `${p}/approvals`, body);
      notify('Approval requested.');
      await ctx.rerender();
    },
  });
}

/** Files named by path, looked up in their folders (the API takes uuids). */
async function fileUuids(p, paths) {
  const uuids = [];
  for (const path of paths) {
    const cut = path.lastIndexOf('/');
    const { files } = await api('GET', `${p}/files?folder=${enc(path.slice(0, cut) || '/')}&limit=5000`);
    const found = files.find((f) => f.name === path.slice(cut + 1));
    if (!found) throw new Error(`files_uuids: ${path}: no such file.`);
    uuids.push(found.uuid);
  }
  return uuids;
}

function voteForm(ctx, p, a, formBox) {
  const waiting = a.approvers.filter((v) => !v.decision);
  const approver = h('select', {}, waiting.map((v) => h('option', { value: v.approver }, v.approver)));
  const decision = h('select', {}, [['approve', 'Approve'], ['reject', 'Reject']].map(([v, l]) => h('option', { value: v }, l)));
  const comment = h('input', { type: 'text', autocomplete: 'off' });
  return formCard({
    id: 'vote-form', title: `Vote on ${a.message || 'the request'}`, submit: 'Cast vote', onCancel: () => formBox.replaceChildren(),
    fields: [
      h('p', { class: 'help' }, 'You vote for the approver you pick: the audit trail records your key as the voter.'),
      h('div', { class: 'row' },
        field({ label: 'Approver', name: 'approver', input: approver }),
        field({ label: 'Decision', name: 'decision', input: decision })),
      field({ label: 'Comment (optional)', name: 'comment', input: comment })],
    onSubmit: async () => {
      const body = { approver: approver.value, decision: decision.value };
      if (comment.value.trim()) body.comment = comment.value.trim();
      const r = await api('POST', `${p}/approvals/${enc(a.uuid)}/votes`, body);
      notify(`Vote cast: the request is ${r.approval.status}.`);
      await ctx.rerender();
    },
  });
}

async function cancel(ctx, p, a) {
  if (!(await confirmAction(`Cancel the approval request${a.message ? ` “${a.message}”` : ''}? It takes no more votes.`, 'Cancel request'))) return;
  try {
    await api('POST', `${p}/approvals/${enc(a.uuid)}/cancel`);
    notify('Approval request cancelled.');
    await ctx.rerender();
  } catch (e) {
    notify(errorText(e), 'error');
  }
}
