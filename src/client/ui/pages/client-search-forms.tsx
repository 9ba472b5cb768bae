import type { WorkbenchCall } from '../../http/kit.tsx';
import type { WorkbenchDeps } from '../../http/workbench-deps.ts';
import { CsrfField } from '../layout.tsx';
import { workbenchMessages } from '../messages.ts';

export function SearchForm({ call, value }: { call: WorkbenchCall; value?: string }) {
  const t = workbenchMessages(call.lang);
  return (
    <form method="post" action="/clients/search" class="card stack">
      <CsrfField token={call.csrfToken} />
      <label for="q">{t('searchLabel')}</label>
      <span class="hint" id="q-hint">
        {t('searchHint')}
      </span>
      <input type="search" id="q" name="q" value={value ?? ''} aria-describedby="q-hint" autocomplete="off" />
      <p>
        <button type="submit">{t('search')}</button>
      </p>
    </form>
  );
}

export function RecordClientForm({ call, deps }: { call: WorkbenchCall; deps: WorkbenchDeps }) {
  const t = workbenchMessages(call.lang);
  const municipalities = deps.codeSets.get('municipalities')?.entries ?? [];
  return (
    <details class="card">
      <summary>{t('recordClientTitle')}</summary>
      <form method="post" action="/clients" class="stack">
        <CsrfField token={call.csrfToken} />
        <label for="rc-id">{t('clientId')}</label>
        <input type="text" id="rc-id" name="clientId" autocomplete="off" />
        <label for="rc-family">{t('familyName')}</label>
        <input type="text" id="rc-family" name="familyName" autocomplete="off" />
        <label for="rc-given">{t('givenNames')}</label>
        <input type="text" id="rc-given" name="givenNames" autocomplete="off" />
        <label for="rc-address">{t('address')}</label>
        <input type="text" id="rc-address" name="address" autocomplete="off" />
        <label for="rc-municipality">{t('municipality')}</label>
        <select id="rc-municipality" name="municipality">
          <option value="">{t('choose')}</option>
          {municipalities.map((m) => (
            <option value={m.code}>{`${m.display[call.lang] ?? m.display.fi} (${m.code})`}</option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" name="turvakielto" value="yes" /> {t('turvakieltoSet')}
        </label>
        <p>
          <button type="submit">{t('recordClient')}</button>
        </p>
      </form>
    </details>
  );
}
