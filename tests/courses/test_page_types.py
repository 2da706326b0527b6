"""The tree's shape is declared: which page may live under which."""

from wagtail.test.utils import WagtailPageTestCase

from courses.models import (
    CourseIndexPage,
    CourseModulePage,
    FindingIndexPage,
    FindingPage,
    InstitutionPage,
    LessonPage,
    PilotProjectPage,
    TrainingFormatIndexPage,
    TrainingFormatPage,
)
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                CourseIndexPage,
                TrainingFormatIndexPage,
                FindingIndexPage,
                NewsIndexPage,
                StandardPage,
            },
        )

    def test_catalogue_holds_only_institutions(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {InstitutionPage})
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})

    def test_modules_live_only_under_institutions(self):
        self.assertAllowedParentPageTypes(CourseModulePage, {InstitutionPage})
        self.assertAllowedSubpageTypes(InstitutionPage, {CourseModulePage})
        self.assertAllowedSubpageTypes(CourseModulePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CourseModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(CourseIndexPage, CourseModulePage)
        self.assertCanNotCreateAt(HomePage, CourseModulePage)

    def test_formats(self):
        self.assertAllowedSubpageTypes(TrainingFormatIndexPage, {TrainingFormatPage})
        self.assertAllowedParentPageTypes(TrainingFormatPage, {TrainingFormatIndexPage})

    def test_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_kennisbank(self):
        self.assertAllowedParentPageTypes(FindingIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(FindingIndexPage, {PilotProjectPage, FindingPage})
        self.assertAllowedParentPageTypes(PilotProjectPage, {FindingIndexPage})
        self.assertAllowedParentPageTypes(FindingPage, {FindingIndexPage})
        self.assertAllowedSubpageTypes(PilotProjectPage, set())
        self.assertAllowedSubpageTypes(FindingPage, set())
        self.assertCanNotCreateAt(InstitutionPage, FindingPage)
        self.assertCanNotCreateAt(CourseIndexPage, PilotProjectPage)

    def test_news(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
