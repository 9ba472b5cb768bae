import type { UiKit } from '../ui-kit.tsx';
import { clientDocumentRoutes } from './client-documents.tsx';
import { clientSearchRoutes } from './client-search.tsx';
import { clientViewRoutes } from './client-view.tsx';
import { documentRoutes } from './document-view.tsx';
import { activeSpecialReasonTasks, specialReasonRoutes } from './special-reason-pages.tsx';

/** The social-welfare professional's pages: client search, client, document, special reasons. */
export function professionalPages(ui: UiKit): void {
  ui.home('social-worker', '/pro/clients');
  ui.nav({
    roles: ['social-worker'],
    href: '/pro/clients',
    order: 10,
    label: { fi: 'Asiakkaan haku', sv: 'Sök klient', en: 'Client search' },
  });
  ui.nav({
    roles: ['social-worker'],
    href: '/pro/special-reasons',
    order: 20,
    label: { fi: 'Asiayhteydellä avatut', sv: 'Öppnade med särskilt skäl', en: 'Opened by special reason' },
  });
  clientSearchRoutes(ui);
  clientViewRoutes(ui, { specialReasonTasks: activeSpecialReasonTasks });
  clientDocumentRoutes(ui);
  documentRoutes(ui);
  specialReasonRoutes(ui);
}
