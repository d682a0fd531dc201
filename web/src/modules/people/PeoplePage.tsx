import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { ImportWizard } from '../orgs/ImportWizard';
import { PersonPage } from './PersonPage';
import { PEOPLE_PATH, RosterPage } from './RosterPage';

/** 组织保障 → 党员名册: the roster, a person's page (/people/:id) and the roster import (/people/import). */
export function PeopleModule() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<RosterPage />} />
      <Route path="import" element={<ImportWizard base="/api/people" title={t('orgs.import.peopleTitle')} backTo={PEOPLE_PATH} />} />
      <Route path=":id" element={<PersonPage />} />
    </Routes>
  );
}
